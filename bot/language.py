"""Which language to answer in: French or Arabic, robust on the short messages adherents send.

langdetect alone is wrong on short text ("merci" -> es, "kiné" -> hu, "نظارات" -> ur, Darija in
Latin letters -> id/en). Here the script decides (Arabic letters -> Arabic, Latin letters ->
French, Darija in Latin letters included: it is the question's script and the MUPRAS papers are
French); a mixed-script message goes by the script of most words, Arabic on a tie.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from bot.understanding import normalize

Language = Literal["fr", "ar"]
Script = Literal["arabic", "latin", "darija_latin", "none"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "fr"

# Words that mark Moroccan Arabic typed in Latin letters (none of them a French word).
_MARKER_TEXT = """
    chno chnou chnu chnouma chnoma shno shnu shnou achno ach ash wach wash wesh wech
    bghit bghina bghina bgheet baghi baghia bagha khass khassni khasni khassek khasek khassna
    khasna khas khasso khassha dyal dial dyali diali dyalek dialek dyalha dyalo dialo
    3afak afak 3afakom kifach kifash kifech kidayr kidayra fayn feen mnin mnine
    wakha wa5a daba dba bzaf bezaf chi shi walo wlou walou hadchi hadshi hadak hadik
    mazal mazel ba9i ba9a baqi kayn kayna kain kaina makaynch makaynach makaynsh
    3ndi 3andi 3endi andi 3ndek 3andek ndir ndiro dert derti kandir kandiro nsift nsifet
    sift sifet nsayft mrati mrti rajli weldi wldi wlidi bnti binti wladi drari
    lma3qul ma3lich ma3lech smahli smah smahlia chokran choukran chokrane shukran baraka
    llah lah allah inchallah nchallah hamdullah hamdoullah salam slm labas bikhir
    wlla wella ola ila ghir rah raha rani rak rahom kayen kaynin
    chhal ch7al shhal chehal 9adech qadech imta fo9ach fo9as emta
    lunetat tbib t6ib sbitar spitar dwa dwaya snan dersa t7alil ta7lil
    chikaya chkaya tkhlast tkhalsat khlsoni khalsoni ma5alsonich makhalsonich
"""
DARIJA_MARKERS: frozenset[str] = frozenset(_MARKER_TEXT.split())

_ARABIC_LETTER = re.compile(
    r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
)
_LATIN_LETTER = re.compile(r"[a-z]")
_WORD = re.compile(r"[^\W_]+")
# A Darija digit-letter (3 = ع, 7 = ح, 9 = ق, 5 = خ, 2 = ء) inside or at the start of a word.
_DARIJA_DIGIT_WORD = re.compile(r"^(?:[a-z]+[23579][a-z]*|[23579]+[a-z]{2,}[a-z0-9]*)$")
# French abbreviations that start with a digit: 3eme, 2e, 9h, 3mois, 7ans, 5dh...
_FRENCH_NUMERAL = re.compile(r"^\d+(?:e|er|eme|ere|h|min|mn|j|jours?|mois|ans?|dhs?|mad|x|fois)$")


def _letters(text: str) -> tuple[int, int]:
    """Count Arabic and Latin letters of a normalised text."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return arabic, latin


def _darija_evidence(words: list[str]) -> int:
    """How many words of a Latin-script message mark Darija."""
    evidence = 0
    for word in words:
        digit_word = _DARIJA_DIGIT_WORD.match(word) and not _FRENCH_NUMERAL.match(word)
        if word in DARIJA_MARKERS or digit_word:
            evidence += 1
    return evidence


def detect_script(text: str) -> Script:
    """Tell the script of a message: Arabic letters, Latin letters (French or Darija), or none."""
    norm = normalize(text)
    arabic, latin = _letters(norm)
    if arabic == 0 and latin == 0:
        return "none"
    if arabic >= latin:
        return "arabic"
    words = [w for w in _WORD.findall(norm) if not _ARABIC_LETTER.search(w)]
    if _darija_evidence(words) > 0:
        return "darija_latin"
    return "latin"


def coerce_language(code: str | None) -> Language | None:
    """Read a saved choice or a Telegram language_code ("ar-MA", "fr_FR", "AR") as fr/ar."""
    if not code:
        return None
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    if base == "fr":
        return "fr"
    if base == "ar":
        return "ar"
    return None


def _clearly_one_language(words: list[str], script: Script) -> bool:
    """One word is clear only in Arabic script: Darija speakers use Latin "kiné", "ok" too."""
    return script == "arabic" and not words[0].isdigit()


def resolve_language(
    text: str, *, saved: str | None = None, telegram_code: str | None = None
) -> Language:
    """Choose the reply language: saved choice, else the message's script, else Telegram's code."""
    chosen = coerce_language(saved)
    if chosen is not None:
        return chosen
    fallback = coerce_language(telegram_code) or DEFAULT_LANGUAGE
    norm = normalize(text)
    words = [w for w in _WORD.findall(norm) if not w.isdigit()]
    script = detect_script(text)
    if script == "none" or not words:
        return fallback
    if len(words) == 1 and not _clearly_one_language(words, script):
        return fallback
    arabic_words = sum(1 for w in words if _ARABIC_LETTER.search(w))
    latin_words = len(words) - arabic_words
    if arabic_words and latin_words:  # mixed: the script of most words; Arabic on a tie
        # Adherents writing Arabic type French care terms in Latin letters ("ميمتي خاصها
        # appareil auditif", "الدوا sans vignette عافاك"); one who writes French rarely switches
        # keyboards for an Arabic word. So half the words in Arabic letters mean an Arabic reader.
        return "ar" if arabic_words >= latin_words else "fr"
    return "ar" if arabic_words else "fr"

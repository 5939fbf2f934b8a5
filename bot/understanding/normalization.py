"""Normalisation: one message or vocabulary word made comparable.

The text is folded by :func:`bot.text.fold` (the one fold, shared with recognition); here are
the words cut out of it and the keys a word is compared on: Latin spelling tolerance (ph = f,
ou = u, 9 = q = k, no double letters, no plural), Arabic clitics, article and suffixes, and the
Darija article glued to French words.
"""

from __future__ import annotations

import re

from bot.text import fold

# Dropped in a message only: a lone hamza is often left out (الدواء = الدوا).
_SPEECH = str.maketrans({"\u0621": None})
# Letters that adherents swap when writing Arabic (key folding only; normalize() keeps them):
# ظ/ض are one sound in Moroccan speech (النظارات / النضاضر / النظاضر).
_ARABIC_FOLD = str.maketrans({"\u0638": "\u0636"})
_TOKEN = re.compile(r"[^\W_]+")
_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff]")


def is_arabic(token: str) -> bool:
    """Whether a token has Arabic letters (its keys are made the Arabic way)."""
    return bool(_ARABIC_CHAR.search(token))


def normalize(text: str) -> str:
    """Lowercase; strip accents and Arabic diacritics; unify Arabic letter variants and digits."""
    return fold(text.translate(_SPEECH))


def tokenize(text: str) -> list[str]:
    """Split a normalised text into word tokens (letters and digits; punctuation separates)."""
    return _TOKEN.findall(text)


_DOUBLE = re.compile(r"(.)\1+")
_LATIN_REWRITES: tuple[tuple[str, str], ...] = (
    ("qu", "k"),
    ("q", "k"),
    ("9", "k"),  # Darija ق
    ("5", "kh"),  # Darija خ
    ("ph", "f"),
    ("th", "t"),
    ("sh", "ch"),
    ("ou", "u"),
    ("y", "i"),
)


def latin_key(token: str) -> str:
    """Spelling-tolerant key of a Latin token: ph=f, ou=u, y=i, 9=q=k, no double letters/plural."""
    for old, new in _LATIN_REWRITES:
        if old in token:
            token = token.replace(old, new)
    token = _DOUBLE.sub(r"\1", token)
    if len(token) > 3 and token[-1] in "sx":
        token = token[:-1]
    return token


_AR_CONJ = ("و", "ف")
# Words whose first letter is not the conjunction و: والد / والدة / والدين (parent) must not
# lose it ("الد" is the ALD written in Arabic letters, الالد).
_AR_NOT_CONJ = ("والد",)
_AR_PREP = ("ب", "ل", "ك", "د")
# و last: Darija object/plural ending (نسجلو, رفضو), tried when no longer suffix fits.
_AR_SUFFIXES = (
    "ات",
    "ين",
    "ون",
    "ها",
    "هم",
    "كم",
    "نا",
    "يا",
    "ني",
    "تي",
    "ه",
    "ي",
    "ك",
    "ش",
    "و",
)


def _strip_article(token: str) -> str:
    """Drop a leading al-/ll- article from an Arabic token when a stem remains."""
    if token.startswith("ال") and len(token) > 3:
        return token[2:]
    if token.startswith("لل") and len(token) > 3:
        return token[2:]
    return token


def _fold_arabic(token: str) -> str:
    """Fold Arabic letters that adherents use interchangeably (ظ = ض)."""
    return token.translate(_ARABIC_FOLD)


def arabic_forms(token: str) -> set[str]:
    """Candidate stems of an Arabic token: clitics (و ف ب ل ك د ال) and one suffix removed.

    French loanwords keep the French article in Darija (لافينيت, لاميتويل, لاراديو): a leading
    لا is dropped too when a long enough stem remains.
    """
    token = _fold_arabic(token)
    forms = {token, _strip_article(token)}
    if token.startswith("لا") and len(token) >= 6:
        forms.add(token[2:])
    if len(token) >= 6:
        if token.startswith("لو"):  # l' before o: لوبتيسيان = اوبتيسيان, لوردونانس = اوردونانس
            forms.add("ا" + token[1:])
        elif token.startswith("لي"):  # les: ليلينيط = لينيط, ليزاناليز = زاناليز
            forms.add(token[2:])
    for form in list(forms):
        # وما, ولا, ومن: "and" before a two-letter word ("وما وصلني والو" = "ما وصلني والو").
        if form.startswith(_AR_NOT_CONJ):
            continue
        if (len(form) > 3 or (len(form) == 3 and form[0] == "و")) and form[0] in _AR_CONJ:
            forms.add(form[1:])
            forms.add(_strip_article(form[1:]))
    for form in list(forms):
        if len(form) > 3 and form[0] in _AR_PREP:
            forms.add(form[1:])
            forms.add(_strip_article(form[1:]))
    for form in list(forms):
        # MSA accusative tanween written with alef: طبيبا مختصا = طبيب مختص.
        if form.endswith("ا") and len(form) >= 5:
            forms.add(form[:-1])
        if form.startswith("ما") and form.endswith("ش") and len(form) > 4:  # Darija ما...ش
            forms.add(form[2:-1])
        for suffix in _AR_SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                stem = form[: -len(suffix)]
                forms.add(stem)
                if stem.endswith("ت") and len(stem) > 2:  # نظارتي -> نظاره
                    forms.add(stem[:-1] + "ه")
                if suffix in ("ات", "تي"):  # نظارات, نظارتي -> نظاره
                    forms.add(stem + "ه")
                break
    return forms


def token_key(token: str) -> str:
    """The key a vocabulary token is stored under."""
    if is_arabic(token):
        return _strip_article(_fold_arabic(token))
    return latin_key(token)


_LATIN_VOWELS = frozenset("aeiouy")


def token_forms(token: str) -> set[str]:
    """The keys a message token may match.

    Darija glues its article to French words (lmedecin, lfeuille, lkine): a leading l before a
    consonant, which no French word starts with, is dropped too.
    """
    if is_arabic(token):
        return arabic_forms(token)
    if (
        len(token) >= 4
        and token[0] == "l"
        and token[1].isalpha()
        and token[1] not in _LATIN_VOWELS
        and token[1] != "l"
    ):
        return {latin_key(token), latin_key(token[1:])}
    return {latin_key(token)}


def prefix_key(token: str) -> str:
    """Key of a vocabulary ``word*`` prefix: spelling rewrites, but no plural stripping."""
    if is_arabic(token):
        return _strip_article(_fold_arabic(token))
    for old, new in _LATIN_REWRITES:
        token = token.replace(old, new)
    return _DOUBLE.sub(r"\1", token)

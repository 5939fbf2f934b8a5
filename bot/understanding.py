"""What an adherent's free text asks: a care category, a contact, a definition, the validity...

Pure Python, no Telegram. The words live in ``rulebook/vocabulary.toml`` (per language); this
module compiles them once at load time and matches a message in well under a millisecond:
normalisation (accents, Arabic letter variants), light stemming (French plurals, Arabic clitics
and suffixes), ``*`` prefixes written in the data, and a bounded fuzzy match for typos.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.rulebook import Rulebook, load_rulebook
from bot.text import fold

DEFAULT_VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "rulebook" / "vocabulary.toml"


class Intent(StrEnum):
    """What a message asks for."""

    CATEGORY = "category"
    CONTACT = "contact"
    VALIDITY = "validity"
    GLOSSARY = "glossary"
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Understanding:
    """A message's intent, its value (category/contact/term id) and the conditions it tells."""

    intent: Intent
    value: str | None = None
    conditions: frozenset[str] = frozenset()
    score: float = 0.0


class VocabularyError(ValueError):
    """The vocabulary file is malformed; the message names the bad entry."""


# "request": asking for something to be granted ("demander", "طلب", "ntleb"); with a word for
# the prior agreement it means "send my PEC request", not "what to attach for this care".
# "offtopic": looking for a provider ("pharmacie de garde", "أقرب صيدلية"), not for the claim.
# "documents": asking for the papers ("quels documents", "ما هي الوثائق", "chno lwra9"): with a
# care named, "ما هي الوثائق ... بورقة العلاج للترويض" is a checklist question, not a definition.
CUE_IDS: tuple[str, ...] = (
    "definition",
    "validity",
    "contact",
    "request",
    "offtopic",
    "documents",
)
# "ack": ok, d'accord, super, mzyan, واخا... thanks only when the message says nothing else
# ("le match était super" is not a thank-you).
TALK_IDS: tuple[str, ...] = ("greeting", "thanks", "help", "ack")
ACK_MAX_UNEXPLAINED = 1  # words outside the vocabulary a mere "ok" may come with
# A lone contact word ("téléphone", "adresse") sends to contact@ only in a short request ("votre
# adresse svp", "comment vous contacter"); "je veux acheter un nouveau téléphone" is off-topic.
CONTACT_MAX_UNEXPLAINED = 1
LANGUAGE_SECTIONS: tuple[str, ...] = ("fr", "ar", "darija")
# The sections whose ids are the rulebook's, and the rulebook table each names.
RULEBOOK_SECTIONS: Mapping[str, str] = {
    "category": "categories",
    "weak": "categories",
    "condition": "conditions",
    "contact": "contacts",
    "glossary": "glossary",
}
# The sections every id of whose rulebook table needs words.
NEEDS_WORDS: tuple[str, ...] = ("category", "contact", "glossary")
# The ids the decision below names (checked against the rulebook when a vocabulary loads).
NAMED_IDS: Mapping[str, tuple[str, ...]] = {
    "categories": ("consultation",),
    "contacts": ("reclamation", "prise_en_charge", "adhesion"),
    "glossary": ("feuille_de_soins", "entente_prealable"),
}


def section_ids(rulebook: Rulebook) -> dict[str, tuple[str, ...]]:
    """The ids each vocabulary section may name: the rulebook's, and the decision's own cues and
    talk. A condition needs the kind of care it implies (its ``category`` in the rulebook)."""
    return {
        "category": tuple(rulebook.categories),
        "weak": tuple(rulebook.categories),
        "condition": tuple(c for c in rulebook.conditions if c in rulebook.condition_categories),
        "contact": tuple(rulebook.contacts),
        "glossary": tuple(rulebook.glossary),
        "cue": CUE_IDS,
        "talk": TALK_IDS,
    }


STRONG_WEIGHT = 1.0
WEAK_WEIGHT = 0.4
PHRASE_BONUS = 0.25  # per extra word of a phrase
FUZZY_PENALTY = 0.85
MAX_GAP = 3  # small words allowed between the words of a phrase
# Below this length a one-letter substitution in a Latin word mostly makes another real word
# (recette/rejeté, demain/délai, nsawel/nsajjel): only a missing, extra or swapped letter is
# taken for a typo there.
SHORT_LATIN_TYPO = 7

# ---------------------------------------------------------------------------------------------
# Normalisation

# Dropped in a message only: a lone hamza is often left out (الدواء = الدوا).
_SPEECH = str.maketrans({"\u0621": None})
# Letters that adherents swap when writing Arabic (key folding only; normalize() keeps them):
# ظ/ض are one sound in Moroccan speech (النظارات / النضاضر / النظاضر).
_ARABIC_FOLD = str.maketrans({"\u0638": "\u0636"})
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W_]+")
_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff]")


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
    if _ARABIC_CHAR.search(token):
        return _strip_article(_fold_arabic(token))
    return latin_key(token)


_LATIN_VOWELS = frozenset("aeiouy")


def token_forms(token: str) -> set[str]:
    """The keys a message token may match.

    Darija glues its article to French words (lmedecin, lfeuille, lkine): a leading l before a
    consonant, which no French word starts with, is dropped too.
    """
    if _ARABIC_CHAR.search(token):
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


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class Word:
    """One word of a phrase: an exact key, or a prefix when the data wrote ``word*``."""

    key: str
    prefix: bool


@dataclass(frozen=True)
class Phrase:
    """Words in order; small words may come between them."""

    words: tuple[Word, ...]


@dataclass(frozen=True)
class Term:
    """A vocabulary entry: all parts must be found (parts are joined by ``+``), each part being
    one of several alternative phrases (joined by ``|``)."""

    signal: str  # "category:optique", "weak:consultation", "cue:definition"...
    parts: tuple[tuple[Phrase, ...], ...]
    source: str  # "fr.category.optique[3]", for messages


@dataclass
class Vocabulary:
    """The validated, normalised vocabulary."""

    terms: list[Term]
    stopwords: frozenset[str]
    rulebook: Rulebook  # the one it was checked against: its categories, contacts, terms
    path: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)


def _parse_word(raw: str, where: str) -> Word | None:
    """Normalise one word of a term; None for a word that normalises to nothing."""
    prefix = raw.endswith("*")
    body = raw.rstrip("*")
    if "*" in body:
        raise VocabularyError(f"{where}: '*' may only end a word, got {raw!r}")
    tokens = tokenize(normalize(body))
    if not tokens:
        if prefix:
            raise VocabularyError(f"{where}: '*' needs a word before it, got {raw!r}")
        return None
    if len(tokens) > 1:
        raise VocabularyError(
            f"{where}: {raw!r} splits into several words; separate them by spaces"
        )
    token = tokens[0]
    key = token_key(token) if not prefix else _prefix_key(token)
    if prefix and len(key) < 3:
        raise VocabularyError(f"{where}: prefix {raw!r} is too short (3 letters at least)")
    return Word(key=key, prefix=prefix)


def _prefix_key(token: str) -> str:
    """Key of a ``word*`` prefix: spelling rewrites, but no plural stripping."""
    if _ARABIC_CHAR.search(token):
        return _strip_article(_fold_arabic(token))
    for old, new in _LATIN_REWRITES:
        token = token.replace(old, new)
    return _DOUBLE.sub(r"\1", token)


def _split_words(phrase: str) -> list[str]:
    """Split a phrase on spaces and apostrophes/hyphens ("l'entente" -> "l", "entente")."""
    return [w for w in re.split(r"[\s'’\-]+", phrase.strip()) if w]


def _parse_phrase(raw: str, where: str, stopwords: frozenset[str]) -> Phrase:
    """Parse ``word word*``: small words are optional when the phrase has two real words."""
    words = [w for piece in _split_words(raw) if (w := _parse_word(piece, where)) is not None]
    if not words:
        raise VocabularyError(f"{where}: {raw!r} has no word")
    real = [w for w in words if w.prefix or w.key not in stopwords]
    if len(real) >= 2:
        words = real
    return Phrase(words=tuple(words))


def _parse_term(raw: object, signal: str, where: str, stopwords: frozenset[str]) -> Term:
    """Parse one vocabulary entry."""
    if not isinstance(raw, str):
        raise VocabularyError(f"{where}: expected a text in quotes, got {raw!r}")
    if not raw.strip():
        raise VocabularyError(f"{where}: empty entry")
    parts: list[tuple[Phrase, ...]] = []
    for part in raw.split("+"):
        alternatives = [a for a in part.split("|")]
        if any(not a.strip() for a in alternatives):
            raise VocabularyError(f"{where}: empty alternative around '+' or '|' in {raw!r}")
        parts.append(tuple(_parse_phrase(a, where, stopwords) for a in alternatives))
    return Term(signal=signal, parts=tuple(parts), source=where)


def _as_table(value: object, where: str) -> dict[str, Any]:
    """Check that a TOML value is a table."""
    if not isinstance(value, dict):
        raise VocabularyError(f"{where}: expected a table like [{where}]")
    return value


def parse_vocabulary(
    data: Mapping[str, Any], path: Path | None = None, rulebook: Rulebook | None = None
) -> Vocabulary:
    """Validate and compile a vocabulary read from TOML, against the rulebook (by default the
    shipped one): an id the rulebook lacks, or a category, contact or term of the rulebook
    without words, is refused."""
    if rulebook is None:
        rulebook = load_rulebook()
    rulebook.require("bot/understanding.py", **NAMED_IDS)
    allowed = section_ids(rulebook)
    unknown = sorted(set(data) - set(LANGUAGE_SECTIONS))
    if unknown:
        raise VocabularyError(
            f"unknown language section [{unknown[0]}]; "
            f"expected one of {', '.join(LANGUAGE_SECTIONS)}"
        )
    stop_raw: set[str] = set()
    for lang in LANGUAGE_SECTIONS:
        table = _as_table(data.get(lang, {}), lang)
        words = table.get("stopwords", [])
        if not isinstance(words, list):
            raise VocabularyError(f"{lang}.stopwords: expected a list of words in [ ]")
        for i, word in enumerate(words):
            if not isinstance(word, str) or len(tokenize(normalize(word))) != 1:
                raise VocabularyError(f"{lang}.stopwords[{i}]: expected one word, got {word!r}")
            stop_raw.add(tokenize(normalize(word))[0])
    stopwords = frozenset(token_key(w) for w in stop_raw) | frozenset(stop_raw)

    terms: list[Term] = []
    counts: dict[str, int] = {}
    for lang in LANGUAGE_SECTIONS:
        table = _as_table(data.get(lang, {}), lang)
        for section, value in table.items():
            if section == "stopwords":
                continue
            if section not in allowed:
                raise VocabularyError(
                    f"{lang}.{section}: unknown section; expected one of "
                    f"{', '.join(['stopwords', *allowed])}"
                )
            ids = _as_table(value, f"{lang}.{section}")
            for ident, entries in ids.items():
                where = f"{lang}.{section}.{ident}"
                if ident not in allowed[section]:
                    raise VocabularyError(_unknown_id(where, section, ident, allowed, rulebook))
                if not isinstance(entries, list):
                    raise VocabularyError(f"{where}: expected a list of texts in [ ]")
                seen: set[tuple[tuple[Phrase, ...], ...]] = set()
                for i, entry in enumerate(entries):
                    term = _parse_term(entry, f"{section}:{ident}", f"{where}[{i}]", stopwords)
                    if term.parts in seen:
                        continue  # a duplicate is harmless
                    seen.add(term.parts)
                    terms.append(term)
                counts[where] = len(entries)
    for section in NEEDS_WORDS:
        for ident in allowed[section]:
            if not any(t.signal == f"{section}:{ident}" for t in terms):
                raise VocabularyError(
                    f"{section} {ident!r} has no words in any language "
                    f"(the rulebook's {RULEBOOK_SECTIONS[section]}.{ident} needs some)"
                )
    return Vocabulary(
        terms=terms, stopwords=stopwords, rulebook=rulebook, path=path, counts=counts
    )


def _unknown_id(
    where: str,
    section: str,
    ident: str,
    allowed: Mapping[str, tuple[str, ...]],
    rulebook: Rulebook,
) -> str:
    """Why an id is refused: not in the rulebook, or (a condition) with no kind of care."""
    expected = f"expected one of {', '.join(allowed[section])}"
    table = RULEBOOK_SECTIONS.get(section)
    if table is None:
        return f"{where}: unknown id {ident!r}; {expected}"
    if section == "condition" and ident in rulebook.conditions:
        return (
            f"{where}: unknown id {ident!r} for words: the rulebook's conditions.{ident} "
            f"names no category (the kind of care a message telling it is about)"
        )
    return f"{where}: unknown id {ident!r}: the rulebook has no {table}.{ident}; {expected}"


def load_vocabulary(
    path: Path = DEFAULT_VOCABULARY_PATH, rulebook: Rulebook | None = None
) -> Vocabulary:
    """Read and validate the vocabulary file against the rulebook (by default the shipped one);
    VocabularyError names the bad entry."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read: {exc}") from exc
    return parse_vocabulary(data, path, rulebook)


# ---------------------------------------------------------------------------------------------
# Matching


TOKEN_CACHE_SIZE = 50_000  # distinct words remembered (a few MB); emptied when full


@dataclass(frozen=True)
class _Token:
    forms: frozenset[str]
    stop: bool
    fuzzy: bool  # forms come from a typo correction
    starts: tuple[int, ...] = ()  # the phrases whose first word this token can be


@dataclass
class _Signals:
    """What was found in a message, with weights."""

    weights: dict[str, float] = field(default_factory=dict)
    fuzzy: bool = False
    unexplained: int = 0  # words of 2+ letters that are neither small words nor matched

    def add(self, signal: str, weight: float) -> None:
        self.weights[signal] = self.weights.get(signal, 0.0) + weight

    def ids(self, section: str) -> dict[str, float]:
        prefix = section + ":"
        return {k[len(prefix) :]: v for k, v in self.weights.items() if k.startswith(prefix)}


class Understander:
    """Recognise intents in adherents' messages with a compiled vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._stop = vocabulary.stopwords
        self._token_cache: dict[str, _Token] = {}
        phrases: dict[Phrase, int] = {}
        for term in vocabulary.terms:
            for part in term.parts:
                for phrase in part:
                    phrases.setdefault(phrase, len(phrases))
        self._phrases: list[Phrase] = list(phrases)
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        for pid, phrase in enumerate(self._phrases):
            first = phrase.words[0]
            (self._prefix if first.prefix else self._exact).setdefault(first.key, []).append(pid)
        self._prefix_lengths = sorted({len(k) for k in self._prefix})
        words = {w for p in self._phrases for w in p.words}
        self._known_exact = frozenset(w.key for w in words if not w.prefix)
        self._known_prefixes = frozenset(w.key for w in words if w.prefix)
        self._all_prefix_lengths = sorted({len(k) for k in self._known_prefixes})
        # Fuzzy candidates grouped by first letter.
        self._fuzzy_exact: dict[str, list[str]] = {}
        for key in self._known_exact:
            if len(key) >= 4 and key not in self._stop:
                self._fuzzy_exact.setdefault(key[0], []).append(key)
        self._fuzzy_prefix: dict[tuple[str, int], list[str]] = {}
        for key in self._known_prefixes:
            if len(key) >= 5:
                self._fuzzy_prefix.setdefault((key[0], len(key)), []).append(key)
        self._single_terms = [t for t in vocabulary.terms if len(t.parts) == 1]
        self._multi_terms = [t for t in vocabulary.terms if len(t.parts) > 1]
        # Combinations as phrase-id sets, indexed by the phrases of their first part.
        self._combinations: list[tuple[str, float, tuple[frozenset[int], ...]]] = [
            (
                t.signal,
                STRONG_WEIGHT + PHRASE_BONUS * len(t.parts),
                tuple(frozenset(phrases[p] for p in part) for part in t.parts),
            )
            for t in self._multi_terms
        ]
        self._combinations_by_phrase: dict[int, list[int]] = {}
        for index, (_, _, parts) in enumerate(self._combinations):
            for pid in parts[0]:
                self._combinations_by_phrase.setdefault(pid, []).append(index)
        self._terms_by_phrase: dict[int, list[Term]] = {}
        for term in self._single_terms:
            for phrase in term.parts[0]:
                self._terms_by_phrase.setdefault(phrases[phrase], []).append(term)
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)
        # What the rulebook says about reading: each kind of care's rank and whether it is a
        # fallback, the kind of care a condition implies, the conditions of the general lines
        # (they hold whatever the care: an accident), the glossary in its order (tie-break).
        book = vocabulary.rulebook
        self._categories = book.categories
        self._rank = {c.id: c.rank for c in book.categories.values()}
        self._fallback = frozenset(c.id for c in book.categories.values() if c.fallback)
        self._condition_category = dict(book.condition_categories)
        self._general_conditions = frozenset(
            cond for item in book.general for cond in item.when | item.unless
        )
        self._glossary_order = tuple(book.glossary)

    # -- tokens ------------------------------------------------------------------------------

    def _is_known(self, form: str) -> bool:
        if form in self._known_exact:
            return True
        return any(
            form[:n] in self._known_prefixes for n in self._all_prefix_lengths if n <= len(form)
        )

    @staticmethod
    def _plausible_typo(form: str, key: str, arabic: bool) -> bool:
        """One edit apart; a short Latin word must not differ by a substituted letter nor by a
        letter added inside it (blague is not bague)."""
        if arabic or min(len(form), len(key)) >= SHORT_LATIN_TYPO:
            return True
        if len(form) > len(key):  # an ending (nsift-a) is a typo; a letter inside (b-l-ague) not
            return form.startswith(key)
        return len(form) < len(key) or sorted(form) == sorted(key)  # two swapped letters

    def _correct_uncached(self, form: str) -> str | None:
        """The vocabulary word a misspelt token most likely meant, or None."""
        arabic = bool(_ARABIC_CHAR.search(form))
        # Arabic words are dense: one letter changes the word (احتاج / احتجاج), so be stricter.
        if len(form) < (6 if arabic else 5):
            return None
        max_dist = 1 if len(form) < 9 else 2
        choices = [
            c for c in self._fuzzy_exact.get(form[0], ()) if abs(len(c) - len(form)) <= max_dist
        ]
        if choices:
            found = process.extract(
                form, choices, scorer=OSA.distance, score_cutoff=max_dist, limit=None
            )
            for key, dist, _ in sorted(found, key=lambda x: (x[1], x[0])):
                if dist <= (1 if min(len(key), len(form)) < 9 else 2) and (
                    dist == 2 or self._plausible_typo(form, key, arabic)
                ):
                    return str(key)
        for n in self._all_prefix_lengths:
            if n < 5 or n > len(form):
                continue
            pool = self._fuzzy_prefix.get((form[0], n))
            if not pool:
                continue
            found = process.extract(
                form[:n], pool, scorer=OSA.distance, score_cutoff=1, limit=None
            )
            for key, _, _ in sorted(found, key=lambda x: (x[1], x[0])):
                if self._plausible_typo(form[:n], key, arabic):
                    return str(key)
        return None

    def _correct_token(self, raw: str, forms: set[str]) -> str | None:
        """Typo correction of a message token; Arabic tries its stems too (الكونسلطاسيون)."""
        if not _ARABIC_CHAR.search(raw):
            return self._correct(latin_key(raw))
        for form in sorted(forms, key=lambda f: (-len(f), f)):
            fixed = self._correct(form)
            if fixed is not None:
                return fixed
        return None

    def _tokens(self, text: str) -> list[_Token]:
        tokens: list[_Token] = []
        for raw in tokenize(normalize(text)):
            token = self._token_cache.get(raw)
            if token is None:
                if len(self._token_cache) >= TOKEN_CACHE_SIZE:
                    self._token_cache.clear()
                token = self._token_cache[raw] = self._token(raw)
            tokens.append(token)
        return tokens

    def _token(self, raw: str) -> _Token:
        """What one word can be: its forms, a typo correction, the phrases it can start.
        Words repeat from message to message, so each is worked out once (see _tokens)."""
        forms = token_forms(raw)
        stop = raw in self._stop or bool(forms & self._stop)
        fuzzy = False
        if not stop and not any(self._is_known(f) for f in forms):
            fixed = self._correct_token(raw, forms)
            if fixed is not None:
                forms = forms | {fixed}
                fuzzy = True
        starts: set[int] = set()
        for form in forms:
            starts.update(self._exact.get(form, ()))
            for n in self._prefix_lengths:
                if n > len(form):
                    break
                starts.update(self._prefix.get(form[:n], ()))
        return _Token(frozenset(forms), stop, fuzzy, tuple(sorted(starts)))

    # -- phrases -----------------------------------------------------------------------------

    @staticmethod
    def _word_matches(word: Word, token: _Token) -> bool:
        if word.prefix:
            return any(f.startswith(word.key) for f in token.forms)
        return word.key in token.forms

    def _match_from(self, phrase: Phrase, tokens: list[_Token], start: int) -> int | None:
        """End index (exclusive) of the phrase matched from tokens[start], or None."""
        pos = start + 1
        for word in phrase.words[1:]:
            gap = 0
            while pos < len(tokens) and not self._word_matches(word, tokens[pos]):
                if not tokens[pos].stop or gap >= MAX_GAP:
                    return None
                gap += 1
                pos += 1
            if pos >= len(tokens):
                return None
            pos += 1
        return pos

    def _find_phrases(self, tokens: list[_Token]) -> dict[int, list[tuple[int, int, bool]]]:
        """Every phrase occurrence: phrase id -> [(start, end, fuzzy)]."""
        found: dict[int, list[tuple[int, int, bool]]] = {}
        for i, token in enumerate(tokens):
            for pid in token.starts:
                end = self._match_from(self._phrases[pid], tokens, i)
                if end is not None:
                    fuzzy = any(t.fuzzy for t in tokens[i:end])
                    found.setdefault(pid, []).append((i, end, fuzzy))
        return found

    def _signals(self, text: str) -> _Signals:
        tokens = self._tokens(text)
        found = self._find_phrases(tokens)
        signals = _Signals()
        # Combinations ("retard + remboursement"): the best one per signal. A part of one that
        # does not fire ("jdid" of "tzad + jdid") says nothing: it neither hides a shorter phrase
        # nor explains a word.
        combined: dict[str, float] = {}
        fired: set[int] = set()
        candidates = {i for pid in found for i in self._combinations_by_phrase.get(pid, ())}
        for index in sorted(candidates):
            signal, weight, parts = self._combinations[index]
            if all(not part.isdisjoint(found) for part in parts[1:]):
                fired.update(pid for part in parts for pid in part if pid in found)
                if combined.get(signal, 0.0) < weight:
                    combined[signal] = weight
        # Longest match wins: an occurrence inside a longer one of another phrase is dropped.
        spans = sorted(
            (
                (s, e, pid)
                for pid, occ in found.items()
                if pid in self._terms_by_phrase or pid in fired
                for s, e, _ in occ
            ),
            key=lambda x: (x[0] - x[1], x[0]),
        )
        kept: set[tuple[int, int, int]] = set()
        accepted: list[tuple[int, int]] = []
        for s, e, pid in spans:
            if any(a <= s and e <= b and (b - a) > (e - s) for a, b in accepted):
                continue
            kept.add((s, e, pid))
            accepted.append((s, e))
        covered = {i for s, e in accepted for i in range(s, e)}
        signals.unexplained = sum(
            1
            for i, t in enumerate(tokens)
            if i not in covered and not t.stop and max(map(len, t.forms)) > 1
        )
        # Each stretch of the message counts once per signal: "عمليه" and "عمليه*" written in the
        # same list, or two entries of one category, must not double its weight.
        hits: list[tuple[float, int, int, str]] = []
        for s, e, pid in kept:
            weight_bonus = PHRASE_BONUS * (len(self._phrases[pid].words) - 1)
            fuzzy = any(f for st, en, f in found[pid] if (st, en) == (s, e))
            signals.fuzzy = signals.fuzzy or fuzzy
            for term in self._terms_by_phrase.get(pid, ()):
                base = WEAK_WEIGHT if term.signal.startswith("weak:") else STRONG_WEIGHT
                hits.append((base + weight_bonus, s, e, term.signal))
        taken: dict[str, list[tuple[int, int]]] = {}
        for weight, s, e, signal in sorted(hits, key=lambda h: (-h[0], h[1] - h[2], h[1])):
            spans_of_signal = taken.setdefault(signal, [])
            if any(s < b and a < e for a, b in spans_of_signal):
                continue
            spans_of_signal.append((s, e))
            signals.add(signal, weight)
        for signal, weight in combined.items():
            signals.add(signal, weight)
        return signals

    # -- decision ----------------------------------------------------------------------------

    def _category(self, signals: _Signals) -> tuple[str | None, float]:
        scores: dict[str, float] = {}
        for ident, weight in signals.ids("category").items():
            scores[ident] = scores.get(ident, 0.0) + weight
        for cond, weight in signals.ids("condition").items():
            cat = self._condition_category[cond]
            scores[cat] = scores.get(cat, 0.0) + weight
        strong = set(scores)
        for ident, weight in signals.ids("weak").items():
            scores[ident] = scores.get(ident, 0.0) + weight

        def rank(ident: str) -> tuple[int, int, float, int]:
            return (
                ident in strong,
                ident not in self._fallback,
                scores[ident],
                -self._rank[ident],
            )

        if not scores:
            return None, 0.0
        best = max(scores, key=rank)
        return best, scores[best]

    def _conditions(self, signals: _Signals, category: str) -> frozenset[str]:
        """The conditions a message tells that apply to its category: those implying it, those of
        the general lines, and those the category holds ("accident" names its condition too)."""
        conditions = set(signals.ids("condition"))
        for named in signals.ids("category"):
            conditions |= self._categories[named].conditions
        own = self._categories[category].conditions
        return frozenset(
            c
            for c in conditions
            if self._condition_category.get(c) == category
            or c in self._general_conditions
            or c in own
        )

    def understand(self, text: str) -> Understanding:
        """Decide what a message asks."""
        signals = self._signals(text)
        penalty = FUZZY_PENALTY if signals.fuzzy else 1.0
        cues = signals.ids("cue")
        contacts = signals.ids("contact")
        glossary = signals.ids("glossary")
        category, cat_score = self._category(signals)
        strong_ids = set(signals.ids("category")) | {
            self._condition_category[c] for c in signals.ids("condition")
        }
        if "offtopic" in cues and not contacts and not glossary and "validity" not in cues:
            return Understanding(Intent.UNKNOWN, None, frozenset(), 0.0)

        def result(intent: Intent, value: str | None, weight: float) -> Understanding:
            score = round(min(1.0, weight) * penalty, 3)
            conditions = (
                self._conditions(signals, value) if intent is Intent.CATEGORY and value else None
            )
            return Understanding(intent, value, conditions or frozenset(), score)

        def best(table: dict[str, float], order: tuple[str, ...]) -> str:
            return max(table, key=lambda k: (table[k], -order.index(k)))

        # The validity counts from the first consultation, so "consulté il y a 4 mois" is about it.
        validity = "validity" in cues and (
            category in (None, "consultation") or "feuille_de_soins" in glossary
        )
        # A complaint ("3 mois que j'attends") or a change of situation ("mon fils est né le mois
        # dernier") beats a duration, unless the duration says more ("sera-t-il rejeté si la
        # feuille a plus de 3 mois ?").
        if "reclamation" in contacts and contacts["reclamation"] >= cues.get("validity", 0.0):
            return result(Intent.CONTACT, "reclamation", contacts["reclamation"])
        if validity and contacts.get("adhesion", 0.0) >= cues["validity"]:
            return result(Intent.CONTACT, "adhesion", contacts["adhesion"])
        if validity and set(glossary) <= {"feuille_de_soins"}:  # "durée de validité de la feuille"
            return result(Intent.VALIDITY, None, cues["validity"])
        # "c'est quoi l'ALD ?" defines; "ما هي الوثائق ... للترويض" asks for a care's papers.
        asks_papers = "documents" in cues and category is not None and category in strong_ids
        if "definition" in cues and glossary and not asks_papers:
            return result(Intent.GLOSSARY, best(glossary, self._glossary_order), 1.0)
        for contact in ("reclamation", "adhesion"):
            if contact in contacts:
                return result(Intent.CONTACT, contact, contacts[contact])
        if validity:
            return result(Intent.VALIDITY, None, cues["validity"])
        # Asking for the prior agreement itself ("demander une prise en charge pour l'opération",
        # "طلب التكفل بعملية") goes to pec@, whatever the care; naming it is a checklist question.
        # So does asking where to send it ("adresse mail pour l'accord préalable de ma chirurgie").
        agreement = contacts.get("prise_en_charge", 0.0) + glossary.get("entente_prealable", 0.0)
        if agreement and ("request" in cues or "contact" in cues):
            return result(Intent.CONTACT, "prise_en_charge", agreement)
        if category is not None:
            return result(Intent.CATEGORY, category, cat_score)
        if "prise_en_charge" in contacts:
            return result(Intent.CONTACT, "prise_en_charge", contacts["prise_en_charge"])
        if glossary:
            term = best(glossary, self._glossary_order)
            if term == "entente_prealable" and "contact" in cues:
                return result(Intent.CONTACT, "prise_en_charge", glossary[term])
            return result(Intent.GLOSSARY, term, glossary[term] * 0.8)
        if "contact" in cues and (
            cues["contact"] > STRONG_WEIGHT or signals.unexplained <= CONTACT_MAX_UNEXPLAINED
        ):
            return result(Intent.CONTACT, "reclamation", cues["contact"] * 0.7)
        talk = signals.ids("talk")
        # "merci pour votre aide" thanks; a bare "aide" asks for help.
        for ident, intent in (("thanks", Intent.THANKS), ("help", Intent.HELP)):
            if ident in talk:
                return result(intent, None, talk[ident])
        if "greeting" in talk:
            return result(Intent.GREETING, None, talk["greeting"])
        if "ack" in talk and signals.unexplained <= ACK_MAX_UNEXPLAINED:
            return result(Intent.THANKS, None, talk["ack"] * 0.8)
        return Understanding(Intent.UNKNOWN, None, frozenset(), 0.0)

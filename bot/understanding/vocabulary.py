"""The vocabulary: the words adherents use, read from ``rulebook/vocabulary.toml``, checked
against the rulebook and compiled into keys.

Its categories, conditions, contacts and glossary terms are the rulebook's: an entry for one the
rulebook lacks, a condition with no kind of care, or a rulebook category, contact or term with no
words is refused at start-up, naming the entry. The cues and the talk are the decision's own.
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.rulebook import Rulebook, load_rulebook
from bot.understanding.normalization import normalize, prefix_key, token_key, tokenize

# An entry naming groups side by side ("@soignant @qualite") may stand for this many phrases.
MAX_EXPANSION = 2000
DEFAULT_VOCABULARY_PATH = (
    Path(__file__).resolve().parent.parent.parent / "rulebook" / "vocabulary.toml"
)


class VocabularyError(ValueError):
    """The vocabulary file is malformed; the message names the bad entry."""


# "request": asking for something to be granted ("demander", "طلب", "ntleb"); with a word for
# the prior agreement it means "send my PEC request", not "what to attach for this care".
# "offtopic": looking for a provider ("pharmacie de garde", "أقرب صيدلية"), not for the claim.
# "amounts", "delays", "hours": how much, when paid, when open — not in the rules, said so.
# "human": to talk to a person. "deposit": where the dossier goes (the postal address).
# "need": whether something is needed, or was done without it ("faut-il", "هل يجب", "sans", "bla"):
# with a care named, "do I need an agreement before the kiné?" asks for that care's checklist.
# "nocomplaint": "ce n'est pas une réclamation", "ماشي شكاية": the complaint words are not one.
# "documents": asking for the papers ("quels documents", "ما هي الوثائق", "chno lwra9"): with a
# care named, "ما هي الوثائق ... بورقة العلاج للترويض" is a checklist question, not a definition.
CUE_IDS: tuple[str, ...] = (
    "definition",
    "validity",
    "contact",
    "request",
    "offtopic",
    "documents",
    "amounts",
    "delays",
    "hours",
    "human",
    "deposit",
    "need",
    "nocomplaint",
)
# "ack": ok, d'accord, super, mzyan, واخا... thanks only when the message says nothing else
# ("le match était super" is not a thank-you).
TALK_IDS: tuple[str, ...] = ("greeting", "thanks", "help", "ack")
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
    key = token_key(token) if not prefix else prefix_key(token)
    if prefix and len(key) < 3:
        raise VocabularyError(f"{where}: prefix {raw!r} is too short (3 letters at least)")
    return Word(key=key, prefix=prefix)


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


def _parse_term(
    raw: object,
    signal: str,
    where: str,
    stopwords: frozenset[str],
    groups: Mapping[str, tuple[Phrase, ...]] | None = None,
) -> Term:
    """Parse one vocabulary entry; ``@name`` stands for every phrase of the language's group."""
    if not isinstance(raw, str):
        raise VocabularyError(f"{where}: expected a text in quotes, got {raw!r}")
    if not raw.strip():
        raise VocabularyError(f"{where}: empty entry")
    parts: list[tuple[Phrase, ...]] = []
    for part in raw.split("+"):
        alternatives = [a.strip() for a in part.split("|")]
        if any(not a for a in alternatives):
            raise VocabularyError(f"{where}: empty alternative around '+' or '|' in {raw!r}")
        phrases: list[Phrase] = []
        for alternative in alternatives:
            if "@" not in alternative:
                phrases.append(_parse_phrase(alternative, where, stopwords))
            else:
                phrases.extend(_expand(alternative, where, stopwords, groups or {}))
        parts.append(tuple(dict.fromkeys(phrases)))
    return Term(signal=signal, parts=tuple(parts), source=where)


def _expand(
    raw: str, where: str, stopwords: frozenset[str], groups: Mapping[str, tuple[Phrase, ...]]
) -> list[Phrase]:
    """The phrases of an alternative that names groups: "@soignant" is each phrase of the
    group; "@soignant @qualite" each of the one followed by each of the other, in that order."""
    options: list[tuple[Phrase, ...]] = []
    literal: list[str] = []
    for piece in raw.split():
        if not piece.startswith("@"):
            literal.append(piece)
            continue
        if literal:
            options.append((_parse_phrase(" ".join(literal), where, stopwords),))
            literal = []
        group = groups.get(piece[1:])
        if group is None:
            known = ", ".join(f"@{name}" for name in groups) or "none"
            raise VocabularyError(
                f"{where}: unknown group {piece!r}; this language's groups: {known}"
            )
        options.append(group)
    if literal:
        options.append((_parse_phrase(" ".join(literal), where, stopwords),))
    if math.prod(len(o) for o in options) > MAX_EXPANSION:
        raise VocabularyError(
            f"{where}: {raw!r} stands for more than {MAX_EXPANSION} phrases; "
            f"join the groups with '+' instead"
        )
    return [
        Phrase(words=tuple(w for phrase in combination for w in phrase.words))
        for combination in itertools.product(*options)
    ]


def _parse_groups(
    table: Mapping[str, Any], lang: str, stopwords: frozenset[str]
) -> dict[str, tuple[Phrase, ...]]:
    """A language's [lang.group] lists: named sets of phrases ("@provider") that entries share,
    so that a word added to a set is added to every entry naming it."""
    groups: dict[str, tuple[Phrase, ...]] = {}
    for name, entries in _as_table(table.get("group", {}), f"{lang}.group").items():
        where = f"{lang}.group.{name}"
        if not isinstance(entries, list) or not entries:
            raise VocabularyError(f"{where}: expected a list of texts in [ ]")
        phrases = []
        for i, entry in enumerate(entries):
            if not isinstance(entry, str) or not entry.strip():
                raise VocabularyError(f"{where}[{i}]: expected a text in quotes, got {entry!r}")
            if any(mark in entry for mark in "+|@"):
                raise VocabularyError(
                    f"{where}[{i}]: a group holds phrases, without '+', '|' or '@': {entry!r}"
                )
            phrases.append(_parse_phrase(entry, f"{where}[{i}]", stopwords))
        groups[name] = tuple(dict.fromkeys(phrases))
    return groups


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
        groups = _parse_groups(table, lang, stopwords)
        for section, value in table.items():
            if section in ("stopwords", "group"):
                continue
            if section not in allowed:
                raise VocabularyError(
                    f"{lang}.{section}: unknown section; expected one of "
                    f"{', '.join(['stopwords', 'group', *allowed])}"
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
                    term = _parse_term(
                        entry, f"{section}:{ident}", f"{where}[{i}]", stopwords, groups
                    )
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
    try:
        return parse_vocabulary(data, path, rulebook)
    except VocabularyError as exc:
        raise VocabularyError(f"{path}: {exc}") from None

"""Matching: the vocabulary compiled into indexes, and the weighted signals a message gives.

A message's words are matched against the vocabulary's keys (exact, ``*`` prefixes, and a
bounded typo correction), then its phrases and combinations found; each signal
("category:optique", "cue:definition"...) gets a weight. What the message asks is decided from
these signals in :mod:`bot.understanding.decision`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.understanding.normalization import (
    is_arabic,
    latin_key,
    normalize,
    token_forms,
    tokenize,
)
from bot.understanding.vocabulary import Phrase, Term, Vocabulary, Word

STRONG_WEIGHT = 1.0
WEAK_WEIGHT = 0.4
PHRASE_BONUS = 0.25  # per extra word of a phrase
MAX_GAP = 3  # small words allowed between the words of a phrase
# Below this length a one-letter substitution in a Latin word mostly makes another real word
# (recette/rejeté, demain/délai, nsawel/nsajjel): only a missing, extra or swapped letter is
# taken for a typo there.
SHORT_LATIN_TYPO = 7

TOKEN_CACHE_SIZE = 50_000  # distinct words remembered (a few MB); emptied when full
# Looking for a provider ("un dentiste conventionné"): its phrases hide no word of what they name.
PROVIDER_CUE = "cue:offtopic"


@dataclass(frozen=True)
class Token:
    """What one word of a message can be."""

    forms: frozenset[str]
    stop: bool
    fuzzy: bool  # forms come from a typo correction
    starts: tuple[int, ...] = ()  # the phrases whose first word this token can be


@dataclass
class Signals:
    """What was found in a message, with weights."""

    weights: dict[str, float] = field(default_factory=dict)
    fuzzy: bool = False
    unexplained: int = 0  # words of 2+ letters that are neither small words nor matched

    def add(self, signal: str, weight: float) -> None:
        self.weights[signal] = self.weights.get(signal, 0.0) + weight

    def ids(self, section: str) -> dict[str, float]:
        prefix = section + ":"
        return {k[len(prefix) :]: v for k, v in self.weights.items() if k.startswith(prefix)}


class Matcher:
    """The vocabulary compiled into indexes, and what it finds in a message."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._stop = vocabulary.stopwords
        self._token_cache: dict[str, Token] = {}
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
        # Phrases of the provider cue alone ("pédiatre de garde"), used by no other signal.
        others = {
            phrases[phrase]
            for term in vocabulary.terms
            if term.signal != PROVIDER_CUE
            for part in term.parts
            for phrase in part
        }
        self._provider_phrases = frozenset(set(phrases.values()) - others)
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)

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
        arabic = is_arabic(form)
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
        if not is_arabic(raw):
            return self._correct(latin_key(raw))
        for form in sorted(forms, key=lambda f: (-len(f), f)):
            fixed = self._correct(form)
            if fixed is not None:
                return fixed
        return None

    def _tokens(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        for raw in tokenize(normalize(text)):
            token = self._token_cache.get(raw)
            if token is None:
                if len(self._token_cache) >= TOKEN_CACHE_SIZE:
                    self._token_cache.clear()
                token = self._token_cache[raw] = self._token(raw)
            tokens.append(token)
        return tokens

    def _token(self, raw: str) -> Token:
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
        return Token(frozenset(forms), stop, fuzzy, tuple(sorted(starts)))

    # -- phrases -----------------------------------------------------------------------------

    @staticmethod
    def _word_matches(word: Word, token: Token) -> bool:
        if word.prefix:
            return any(f.startswith(word.key) for f in token.forms)
        return word.key in token.forms

    def _match_from(self, phrase: Phrase, tokens: list[Token], start: int) -> int | None:
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

    def _find_phrases(self, tokens: list[Token]) -> dict[int, list[tuple[int, int, bool]]]:
        """Every phrase occurrence: phrase id -> [(start, end, fuzzy)]."""
        found: dict[int, list[tuple[int, int, bool]]] = {}
        for i, token in enumerate(tokens):
            for pid in token.starts:
                end = self._match_from(self._phrases[pid], tokens, i)
                if end is not None:
                    fuzzy = any(t.fuzzy for t in tokens[i:end])
                    found.setdefault(pid, []).append((i, end, fuzzy))
        return found

    def signals(self, text: str) -> Signals:
        """Every signal the message gives, weighted: longest matches first, each stretch of
        the message counted once per signal, combinations ("retard + remboursement") added."""
        tokens = self._tokens(text)
        found = self._find_phrases(tokens)
        signals = Signals()
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
        # Looking for a provider ("pédiatre de garde") hides no word of what it names: the care
        # stays named for a question that also asks its papers.
        kept: set[tuple[int, int, int]] = set()
        accepted: list[tuple[int, int, bool]] = []
        for s, e, pid in spans:
            naming = pid not in self._provider_phrases
            if any(
                a <= s and e <= b and (b - a) > (e - s) and (hides or not naming)
                for a, b, hides in accepted
            ):
                continue
            kept.add((s, e, pid))
            accepted.append((s, e, naming))
        covered = {i for s, e, _ in accepted for i in range(s, e)}
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

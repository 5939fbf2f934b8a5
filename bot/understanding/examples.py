"""Example messages, labelled, and what a new message most resembles.

``rulebook/examples.tsv`` holds messages as adherents write them, each with what it asks (the
intents and ids of the decision, checked against the rulebook when they load). They are learnt at
the first message (about 0.8 s; what was learnt is kept in the user's cache folder and read back
at the next start): a multinomial naive Bayes over TF-IDF weighted character n-grams (2 to 4
letters, word edges included), word keys and word pairs of the folded text. Letters, not listed
phrases, carry a question the vocabulary never saw ("wach kat3tiw lflous dghya") to the examples
it resembles. Adding a line to the file is all it takes to teach one.

The decision asks it only where the vocabulary is weakest (bot/understanding/decision.py): a
question outside the rules, for a person or for where to deposit, which the word lists read as a
care, a term or a greeting, and a message they do not understand at all.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import os
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

import bot.text
from bot.rulebook import Rulebook
from bot.understanding import normalization
from bot.understanding.normalization import normalize, token_key, tokenize
from bot.understanding.vocabulary import VocabularyError

logger = logging.getLogger(__name__)

DEFAULT_EXAMPLES_PATH = Path(__file__).resolve().parent.parent.parent / "rulebook" / "examples.tsv"
SCRIPTS = ("fr", "msa", "darija_ar", "darija_latin")
HEADER = ("script", "text", "intent", "value")
# The intents an example may carry, and where their values come from ("-": none).
OUTSIDE_VALUES = ("amounts", "delays", "provider", "hours")
NO_VALUE = ("validity", "greeting", "thanks", "help", "human", "deposit", "unknown")
NGRAMS = (2, 3, 4)  # letters, word edges included
ALPHA = 0.01  # additive smoothing of the per-label weights (chosen on sets 2-13, see README)
# Naive Bayes is far too sure of itself on short messages: its log-odds are divided by this
# before they are made probabilities (chosen on evaluation sets 2-13, never on sets 14 and 15).
TEMPERATURE = 2.0


class ExamplesError(VocabularyError):
    """The examples file is malformed; the message names the line (a VocabularyError: the
    examples are the vocabulary's companion, and stop the start the same way)."""


@dataclass(frozen=True)
class Example:
    script: str
    text: str
    intent: str
    value: str | None


@dataclass(frozen=True)
class Guess:
    """The label the examples give a message, and how likely it is (0 to 1)."""

    intent: str
    value: str | None
    probability: float


def features(text: str) -> Counter[str]:
    """What a message is compared on: its words' keys, their letter n-grams, its word pairs."""
    found: list[str] = []
    keys: list[str] = []
    for word in tokenize(normalize(text)):
        key = token_key(word)
        keys.append(key)
        found.append("w:" + key)
        edged = f" {word} "
        for n in NGRAMS:
            found += [edged[i : i + n] for i in range(len(edged) - n + 1)]
    found += [f"b:{a}_{b}" for a, b in itertools.pairwise(keys)]
    return Counter(found)


def _label(intent: str, value: str | None) -> str:
    return intent if value is None else f"{intent}/{value}"


def parse_examples(text: str, path: Path, rulebook: Rulebook) -> list[Example]:
    """The examples of a TSV file's text, each label checked against the rulebook."""
    allowed: dict[str, tuple[str, ...]] = {
        "category": tuple(rulebook.categories),
        "contact": tuple(rulebook.contacts),
        "glossary": tuple(rulebook.glossary),
        "outside": OUTSIDE_VALUES,
        **{intent: () for intent in NO_VALUE},
    }
    examples: list[Example] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if tuple(cells) == HEADER:
            continue
        where = f"{path.name}:{number}"
        if len(cells) != 4:
            raise ExamplesError(f"{where}: expected 4 tab-separated cells ({', '.join(HEADER)})")
        script, message, intent, value = (cell.strip() for cell in cells)
        if script not in SCRIPTS:
            raise ExamplesError(f"{where}: unknown script {script!r} ({', '.join(SCRIPTS)})")
        if not message:
            raise ExamplesError(f"{where}: the message is empty")
        if intent not in allowed:
            raise ExamplesError(f"{where}: unknown intent {intent!r} ({', '.join(allowed)})")
        values = allowed[intent]
        if values and value not in values:
            raise ExamplesError(
                f"{where}: {intent} {value!r} is not in the rulebook ({', '.join(values)})"
            )
        if not values and value != "-":
            raise ExamplesError(f"{where}: {intent} takes no value ('-'), not {value!r}")
        examples.append(Example(script, message, intent, value if values else None))
    if not examples:
        raise ExamplesError(f"{path.name}: no example")
    return examples


class Examples:
    """The examples, learnt on first use (a process that never reads a free-text message never
    learns them), or read back from what an earlier process learnt of the same examples."""

    def __init__(self, examples: list[Example], *, cache: Path | None = None) -> None:
        self.examples = examples
        self._cache = cache  # a folder for what was learnt; None: learn in memory only

    @cached_property
    def _model(self) -> _Model:
        if self._cache is None:
            return _Model.learn(self.examples)
        path = self._cache / f"examples-{self._fingerprint()}.npz"
        try:
            return _Model.read(path)
        except (OSError, ValueError, KeyError):
            pass  # not learnt yet here, or unreadable: learnt again
        model = _Model.learn(self.examples)
        try:
            model.write(path)
        except OSError as exc:  # a read-only or full disk: learnt at each start, that is all
            logger.info("examples not kept for the next start: %s", type(exc).__name__)
        return model

    def _fingerprint(self) -> str:
        """What the learnt model depends on: the examples, the settings, the code of the
        features (the words' folding and keys included)."""
        digest = hashlib.sha256(repr((ALPHA, NGRAMS)).encode())
        for module in (__file__, normalization.__file__, bot.text.__file__):
            digest.update(Path(module).read_bytes())
        for e in self.examples:
            digest.update(f"{e.text}\t{e.intent}\t{e.value}\n".encode())
        return digest.hexdigest()[:32]

    def guess(self, text: str) -> Guess | None:
        """The likeliest label of a message and its probability; None when no feature of the
        message is in any example."""
        return self._model.guess(text)


class _Model:
    """Multinomial naive Bayes over TF-IDF vectors of unit length (scikit-learn's
    TfidfVectorizer with smooth_idf and sublinear_tf, then MultinomialNB), in numpy."""

    def __init__(
        self,
        labels: list[str],
        names: list[str],
        idf: NDArray[np.float64],
        log_weight: NDArray[np.float32],
        log_prior: NDArray[np.float64],
    ) -> None:
        self.labels = [
            (label.partition("/")[0], label.partition("/")[2] or None) for label in labels
        ]
        self.names = names
        self.feature = {name: n for n, name in enumerate(names)}
        self.idf = idf
        self.log_weight = log_weight
        self.log_prior = log_prior

    @classmethod
    def learn(cls, examples: list[Example]) -> _Model:
        labels = sorted({_label(e.intent, e.value) for e in examples})
        index = {label: n for n, label in enumerate(labels)}
        found = [features(example.text) for example in examples]
        names_found = list(itertools.chain.from_iterable(found))
        feature = {name: n for n, name in enumerate(dict.fromkeys(names_found))}
        column_of = np.fromiter(map(feature.__getitem__, names_found), np.int64)
        row_of = np.repeat(np.arange(len(examples)), [len(counted) for counted in found])
        counts = np.fromiter(
            itertools.chain.from_iterable(counted.values() for counted in found), np.float64
        )
        documents = np.bincount(column_of, minlength=len(feature))
        idf = np.log((1 + len(examples)) / (1 + documents)) + 1
        weight = (1 + np.log(counts)) * idf[column_of]
        weight /= np.sqrt(np.bincount(row_of, weights=weight * weight))[row_of]
        label_of = np.array([index[_label(e.intent, e.value)] for e in examples])
        total = ALPHA + np.bincount(
            label_of[row_of] * len(feature) + column_of,
            weights=weight,
            minlength=len(labels) * len(feature),
        ).reshape(len(labels), len(feature))
        log_weight = np.log(total / total.sum(axis=1, keepdims=True)).astype(np.float32)
        log_prior = np.log(np.bincount(label_of) / len(examples))
        return cls(labels, list(feature), idf, log_weight, log_prior)

    @classmethod
    def read(cls, path: Path) -> _Model:
        with np.load(path) as data:
            return cls(
                str(data["labels"]).split("\n"),
                str(data["names"]).split("\n"),
                data["idf"],
                data["log_weight"],
                data["log_prior"],
            )

    def write(self, path: Path) -> None:
        """Kept for the next start, in place of any older one (written whole, then renamed)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        for older in path.parent.glob("examples-*.npz"):
            older.unlink(missing_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        with partial.open("wb") as handle:
            np.savez(
                handle,
                labels=np.array("\n".join(_label(i, v) for i, v in self.labels)),
                names=np.array("\n".join(self.names)),
                idf=self.idf,
                log_weight=self.log_weight,
                log_prior=self.log_prior,
            )
        os.replace(partial, path)

    def guess(self, text: str) -> Guess | None:
        found = features(text)
        known = [name for name in found if name in self.feature]
        if not known:
            return None
        columns = [self.feature[name] for name in known]
        vector = np.array([1 + math.log(found[name]) for name in known]) * self.idf[columns]
        vector /= np.linalg.norm(vector)
        joint = (self.log_weight[:, columns] @ vector + self.log_prior) / TEMPERATURE
        probability = np.exp(joint - joint.max())
        probability /= probability.sum()
        best = int(probability.argmax())
        intent, value = self.labels[best]
        return Guess(intent, value, float(probability[best]))


def default_cache() -> Path:
    """Where what was learnt is kept between starts: the user's cache folder (XDG)."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "mupras-assistant"


def load_examples(path: Path, rulebook: Rulebook, *, cache: Path | None = None) -> Examples:
    """Read and check the examples file (ExamplesError names a bad line); they are learnt at the
    first message, or read back from ``cache`` where an earlier process learnt them."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExamplesError(f"{path}: cannot read: {exc}") from exc
    return Examples(parse_examples(content, path, rulebook), cache=cache)

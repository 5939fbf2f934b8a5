"""The vocabulary is checked against the rulebook, the one list of categories, contacts, terms
and conditions; how free text picks among kinds of care (rank, fallback, a condition's kind of
care) is rulebook data, and a new kind of care needs only the two data files."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_services
from bot.rulebook import DEFAULT_PATH, Rulebook, RulebookError, load_rulebook, parse_rulebook
from bot.settings import Settings
from bot.understanding import (
    DEFAULT_EXAMPLES_PATH,
    DEFAULT_VOCABULARY_PATH,
    NAMED_IDS,
    Intent,
    Understander,
    VocabularyError,
    load_vocabulary,
    parse_vocabulary,
)

BOOK = load_rulebook()


def _data() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def _word(ident: str) -> str:
    """One invented word per id, none a typo of another: the id without its underscores."""
    return ident.replace("_", "")


def _vocabulary_of(book: Rulebook) -> dict[str, Any]:
    """A vocabulary that names each category, contact and term of a rulebook by its id."""
    return {
        "fr": {
            "category": {c: [_word(c)] for c in book.categories},
            "contact": {c: [_word(c)] for c in book.contacts},
            "glossary": {g: [_word(g)] for g in book.glossary},
        }
    }


# --- the rulebook's reading facts --------------------------------------------------------------


def test_every_category_has_a_rank_of_its_own() -> None:
    ranks = [c.rank for c in BOOK.categories.values()]
    assert all(r >= 1 for r in ranks)
    assert len(set(ranks)) == len(ranks)


def test_a_condition_the_vocabulary_names_implies_a_category() -> None:
    vocabulary = load_vocabulary(DEFAULT_VOCABULARY_PATH)
    named = {t.signal.partition(":")[2] for t in vocabulary.terms if t.signal[:10] == "condition:"}
    assert named
    assert named <= set(BOOK.condition_categories)
    assert set(BOOK.condition_categories.values()) <= set(BOOK.categories)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["categories"][0].pop("rank"), r"categories\.\w+: rank must be"),
        (lambda d: d["categories"][0].update(rank=0), r"categories\.\w+: rank must be"),
        (lambda d: d["categories"][0].update(rank=True), r"categories\.\w+: rank must be"),
        (lambda d: d["categories"][0].update(rank="1"), r"categories\.\w+: rank must be"),
        (
            lambda d: d["categories"][1].update(rank=d["categories"][0]["rank"]),
            r"categories\.\w+: rank \d+ is already the rank of \w+",
        ),
        (
            lambda d: d["categories"][0].update(fallback="yes"),
            r"categories\.\w+: 'fallback' must be true or false",
        ),
        (
            lambda d: d["conditions"]["accident"].update(category="accidnet"),
            r"conditions\.accident: unknown category 'accidnet'",
        ),
    ],
)
def test_a_bad_reading_fact_is_named(change: Any, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(RulebookError, match=message):
        parse_rulebook(data)


def test_a_bad_rank_is_named_by_its_line(tmp_path: Path) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    first = next(iter(BOOK.categories.values()))
    old = f'id = "{first.id}"\nrank = {first.rank}\n'
    assert old in text
    path = tmp_path / "mupras.toml"
    path.write_text(text.replace(old, f'id = "{first.id}"\nrank = "first"\n'), encoding="utf-8")
    line = text.splitlines().index(f'id = "{first.id}"')  # the [[categories]] line above it
    with pytest.raises(RulebookError, match=rf"mupras\.toml:{line}: categories\.{first.id}: "):
        load_rulebook(path)


# --- the vocabulary checked against the rulebook ----------------------------------------------


def test_the_shipped_vocabulary_names_what_the_rulebook_has() -> None:
    vocabulary = load_vocabulary(DEFAULT_VOCABULARY_PATH)
    named = {tuple(t.signal.split(":")) for t in vocabulary.terms}
    for section, table in (
        ("category", BOOK.categories),
        ("contact", BOOK.contacts),
        ("glossary", BOOK.glossary),
    ):
        assert {i for s, i in named if s == section} == set(table)
    assert {i for s, i in named if s == "weak"} <= set(BOOK.categories)


def test_a_vocabulary_built_from_the_rulebook_loads() -> None:
    vocabulary = parse_vocabulary(_vocabulary_of(BOOK), rulebook=BOOK)
    assert vocabulary.rulebook is BOOK
    understander = Understander(vocabulary)
    for table, intent in (
        (BOOK.categories, Intent.CATEGORY),
        (BOOK.contacts, Intent.CONTACT),
        (BOOK.glossary, Intent.GLOSSARY),
    ):
        for ident in table:
            got = understander.understand(_word(ident))
            assert (got.intent, got.value) == (intent, ident)


@pytest.mark.parametrize(
    ("section", "ident"),
    [
        ("category", "orthophonie"),
        ("weak", "orthophonie"),
        ("contact", "urgences"),
        ("glossary", "tiers_payant"),
        ("condition", "grossesse"),
    ],
)
def test_an_entry_the_rulebook_lacks_is_named(section: str, ident: str) -> None:
    data = _vocabulary_of(BOOK)
    data["fr"].setdefault(section, {})[ident] = ["mot"]
    with pytest.raises(VocabularyError, match=rf"fr\.{section}\.{ident}: unknown id '{ident}'"):
        parse_vocabulary(data, rulebook=BOOK)


def test_a_condition_without_its_kind_of_care_is_named() -> None:
    without = [c for c in BOOK.conditions if c not in BOOK.condition_categories]
    assert without
    data = _vocabulary_of(BOOK)
    data["fr"]["condition"] = {without[0]: ["mot"]}
    with pytest.raises(VocabularyError, match=rf"fr\.condition\.{without[0]}: .* names no categ"):
        parse_vocabulary(data, rulebook=BOOK)


@pytest.mark.parametrize("section", ["category", "contact", "glossary"])
def test_a_rulebook_entry_without_words_is_named(section: str) -> None:
    data = _vocabulary_of(BOOK)
    ident = next(iter(data["fr"][section]))
    del data["fr"][section][ident]
    with pytest.raises(VocabularyError, match=rf"{section} '{ident}' has no words"):
        parse_vocabulary(data, rulebook=BOOK)


def test_the_shipped_vocabulary_against_a_rulebook_with_one_more_category() -> None:
    data = _data()
    extra = copy.deepcopy(data["categories"][0])
    extra.update(id="thermalisme", rank=max(c.rank for c in BOOK.categories.values()) + 1)
    data["categories"].append(extra)
    with pytest.raises(VocabularyError, match="category 'thermalisme' has no words"):
        load_vocabulary(DEFAULT_VOCABULARY_PATH, parse_rulebook(data))


@pytest.mark.parametrize(("table", "ident"), [(t, i) for t, ids in NAMED_IDS.items() for i in ids])
def test_a_rulebook_without_an_id_the_decision_names_is_refused(table: str, ident: str) -> None:
    missing: dict[str, Any] = {
        table: {k: v for k, v in getattr(BOOK, table).items() if k != ident}
    }
    book = dataclasses.replace(BOOK, **missing)
    vocabulary = parse_vocabulary(_vocabulary_of(book), rulebook=book)
    with pytest.raises(RulebookError, match=rf"needs \[{table}\.{ident}\]"):
        Understander(vocabulary)


# --- how a kind of care is chosen, from the rulebook ---------------------------------------


def test_two_kinds_of_care_named_alike_go_by_rank_and_fallback() -> None:
    understander = Understander(parse_vocabulary(_vocabulary_of(BOOK), rulebook=BOOK))
    for a, b in itertools.permutations(BOOK.categories.values(), 2):
        expected = min((a, b), key=lambda c: (c.fallback, c.rank))
        got = understander.understand(f"{_word(a.id)} {_word(b.id)}")
        assert got.value == expected.id, (a.id, b.id)


def test_a_condition_names_its_kind_of_care() -> None:
    data = _vocabulary_of(BOOK)
    data["fr"]["condition"] = {
        c: [f"situation{n}"] for n, c in enumerate(BOOK.condition_categories)
    }
    understander = Understander(parse_vocabulary(data, rulebook=BOOK))
    for n, (condition, category) in enumerate(BOOK.condition_categories.items()):
        got = understander.understand(f"situation{n}")
        assert (got.intent, got.value, got.conditions) == (
            Intent.CATEGORY,
            category,
            frozenset({condition}),
        )


# --- a new kind of care: the two data files, no code --------------------------------------

NEW_CATEGORY = """
[[categories]]
id = "thermalisme"
rank = {rank}
emoji = "♨️"
name = {{ fr = "Cure thermale", ar = "العلاج بالمياه المعدنية" }}
questions = ["accident"]

[[categories.items]]
id = "prescription_cure"
kind = "piece"
text = {{ fr = "La prescription de la cure par le médecin", ar = "وصفة العلاج من الطبيب" }}
source = "formulaire"
documents = ["ordonnance"]
"""


def _with_new_category(folder: Path, words: dict[str, str]) -> Path:
    """Copies of the two data files in a folder, with one kind of care more: "thermalisme" in
    the rulebook, and the given words (a list's inside, per section header) in the vocabulary;
    the examples beside them are copied as they are (a new care needs none). The rulebook's path
    is returned."""
    rank = max(c.rank for c in BOOK.categories.values()) + 1
    rulebook_path = folder / "mupras.toml"
    rulebook_path.write_text(
        DEFAULT_PATH.read_text(encoding="utf-8") + NEW_CATEGORY.format(rank=rank),
        encoding="utf-8",
    )
    vocabulary = DEFAULT_VOCABULARY_PATH.read_text(encoding="utf-8")
    for header, listed in words.items():
        assert f"{header}\n" in vocabulary
        vocabulary = vocabulary.replace(f"{header}\n", f"{header}\nthermalisme = [{listed}]\n", 1)
    (folder / "vocabulary.toml").write_text(vocabulary, encoding="utf-8")
    shutil.copyfile(DEFAULT_EXAMPLES_PATH, folder / "examples.tsv")
    return rulebook_path


THERMAL_WORDS = {
    "[fr.category]": '"cure thermale", "thermes", "station thermale"',
    "[ar.category]": '"حمامات معدنية", "العلاج بالمياه المعدنية"',
}


def test_a_new_kind_of_care_needs_only_the_two_data_files(tmp_path: Path) -> None:
    rulebook_path = _with_new_category(tmp_path, THERMAL_WORDS)
    vocabulary_path = rulebook_path.with_name("vocabulary.toml")
    book = load_rulebook(rulebook_path)
    understander = Understander(load_vocabulary(vocabulary_path, book))
    for text in (
        "Que faut-il joindre pour une cure thermale ?",
        "remboursement des thermes de Moulay Yacoub",
        "ماذا أرفق للعلاج بالمياه المعدنية؟",
    ):
        got = understander.understand(text)
        assert (got.intent, got.value) == (Intent.CATEGORY, "thermalisme"), text
    # the rest is read as before
    shipped = Understander(load_vocabulary(DEFAULT_VOCABULARY_PATH))
    assert shipped.understand("cure thermale").intent is Intent.UNKNOWN
    for text in ("lunettes remboursement", "kiné après une chute", "c'est quoi l'ALD ?"):
        assert understander.understand(text) == shipped.understand(text)
    assert book.checklist("thermalisme").category.name.fr == "Cure thermale"


def test_the_bot_is_built_on_the_data_alone(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", rulebook_path=_with_new_category(tmp_path, THERMAL_WORDS)
    )
    services = build_services(settings)
    try:
        got = services.understander.understand("Que faut-il joindre pour une cure thermale ?")
        assert (got.intent, got.value) == (Intent.CATEGORY, "thermalisme")
        checklist = services.rulebook.checklist("thermalisme")
        assert "prescription_cure" in [line.item.id for line in checklist.lines]
    finally:
        services.storage.close()


def test_a_vocabulary_entry_the_rulebook_lacks_stops_the_start(tmp_path: Path) -> None:
    rulebook_path = _with_new_category(tmp_path, THERMAL_WORDS)
    vocabulary_path = rulebook_path.with_name("vocabulary.toml")
    vocabulary = vocabulary_path.read_text(encoding="utf-8")
    vocabulary_path.write_text(
        vocabulary.replace("[fr.category]\n", '[fr.category]\ncure_thalasso = ["thalasso"]\n', 1),
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data", rulebook_path=rulebook_path)
    entry = "fr.category.cure_thalasso: unknown id 'cure_thalasso'"
    with pytest.raises(VocabularyError, match=re.escape(f"{vocabulary_path}: {entry}")):
        build_services(settings)

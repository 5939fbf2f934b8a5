"""The examples (rulebook/examples.tsv): checked against the rulebook, learnt, and where they
decide instead of the vocabulary's rules. Small example files written here, and the shipped one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.app import load_books
from bot.i18n import Translator
from bot.rulebook import DEFAULT_PATH, load_rulebook
from bot.understanding import (
    DEFAULT_EXAMPLES_PATH,
    Examples,
    ExamplesError,
    Intent,
    Understander,
    VocabularyError,
    load_examples,
    load_vocabulary,
)
from bot.understanding.decision import GUESS_MIN, GUESS_SURE
from bot.understanding.examples import NO_VALUE, OUTSIDE_VALUES, parse_examples
from dialogs.questions import outside_text
from tests.test_understanding import MINIMAL

BOOK = load_rulebook(DEFAULT_PATH)
HEADER = "script\ttext\tintent\tvalue\n"

# Invented messages, a few per label: enough for the letters to carry a new message.
SMALL = HEADER + "".join(
    f"fr\t{text}\t{label}\n"
    for label, texts in {
        "outside\tdelays": (
            "quand est-ce que l'argent arrive sur mon compte",
            "le virement arrive dans combien de temps",
            "au bout de combien de semaines je touche l'argent",
        ),
        "outside\tamounts": (
            "quel pourcentage est remboursé",
            "le taux de prise en charge est de combien",
            "quel plafond par an",
        ),
        "category\toptique": (
            "que joindre pour mes lunettes",
            "papiers pour des verres correcteurs",
            "monture et verres, je mets quoi dans le dossier",
        ),
        "category\tpharmacie": (
            "que joindre pour les médicaments",
            "papiers pour la pharmacie",
            "dossier pour des médicaments achetés",
        ),
    }.items()
    for text in texts
)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "examples.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_examples_load_and_name_only_the_rulebooks_ids() -> None:
    examples = load_examples(DEFAULT_EXAMPLES_PATH, BOOK)
    labels = {(e.intent, e.value) for e in examples.examples}
    assert {value for intent, value in labels if intent == "category"} <= set(BOOK.categories)
    assert {value for intent, value in labels if intent == "contact"} <= set(BOOK.contacts)
    assert {value for intent, value in labels if intent == "glossary"} <= set(BOOK.glossary)
    # each script of the four, and each thing the rules cannot answer, has examples
    assert {e.script for e in examples.examples} == {"fr", "msa", "darija_ar", "darija_latin"}
    for intent in ("outside", "human", "deposit"):
        assert intent in {i for i, _ in labels}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("fr\tbonjour\tgreeting", "expected 4 tab-separated cells"),
        ("en\thello\tgreeting\t-", "unknown script 'en'"),
        ("fr\t \tgreeting\t-", "the message is empty"),
        ("fr\tun cheval\tanimal\t-", "unknown intent 'animal'"),
        ("fr\tune cure\tcategory\tthermalisme", "category 'thermalisme' is not in the rulebook"),
        ("fr\tcombien\toutside\tprix", "outside 'prix' is not in the rulebook"),
        ("fr\tbonjour\tgreeting\tsalut", "greeting takes no value ('-'), not 'salut'"),
    ],
)
def test_a_bad_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = _file(tmp_path, SMALL + line + "\n")
    number = len(SMALL.splitlines()) + 1
    with pytest.raises(ExamplesError, match=re.escape(f"examples.tsv:{number}: {message}")):
        load_examples(path, BOOK)


def test_a_file_without_examples_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExamplesError, match="no example"):
        load_examples(_file(tmp_path, "# rien\n" + HEADER), BOOK)
    with pytest.raises(ExamplesError, match="cannot read"):
        load_examples(tmp_path / "missing.tsv", BOOK)
    assert issubclass(ExamplesError, VocabularyError)  # it stops the start the same way


def test_a_message_gets_the_label_of_the_examples_it_resembles(tmp_path: Path) -> None:
    examples = Examples(parse_examples(SMALL, Path("small.tsv"), BOOK))
    for text, label in (
        ("l'argent arrive quand ?", ("outside", "delays")),
        ("quel est le taux remboursé", ("outside", "amounts")),
        ("mes verres de lunettes", ("category", "optique")),
    ):
        guess = examples.guess(text)
        assert guess is not None and (guess.intent, guess.value) == label, text
        assert 0 < guess.probability <= 1
    assert examples.guess("∞ ∞") is None  # nothing of it in any example


def test_one_line_more_teaches_a_new_phrasing(tmp_path: Path) -> None:
    before = Examples(parse_examples(SMALL, Path("small.tsv"), BOOK))
    text = "ch7al kaykhalsou 3la nadader"
    after = Examples(
        parse_examples(SMALL + f"darija_latin\t{text}\toutside\tamounts\n", Path("s.tsv"), BOOK)
    )
    got = after.guess("ch7al kaykhalsou 3la nadader dyal bnti")
    assert got is not None and (got.intent, got.value) == ("outside", "amounts")
    was = before.guess("ch7al kaykhalsou 3la nadader dyal bnti")
    assert was is None or (was.intent, was.value) != ("outside", "amounts")


def test_the_examples_decide_what_the_rules_read_as_a_care_or_do_not_understand(
    tmp_path: Path,
) -> None:
    (tmp_path / "vocabulary.toml").write_text(MINIMAL, encoding="utf-8")
    vocabulary = load_vocabulary(tmp_path / "vocabulary.toml")
    rules = Understander(vocabulary)
    both = Understander(vocabulary, Examples(parse_examples(SMALL, Path("s.tsv"), BOOK)))
    # "lunettes" is a care word of the vocabulary: the rules answer with Optique's checklist
    text = "le taux remboursé pour des lunettes est de combien"
    assert rules.understand(text).intent is Intent.CATEGORY
    name, got = both.decide(text)
    assert name == "examples" and (got.intent, got.value) == (Intent.OUTSIDE, "amounts")
    assert got.care == "optique"  # the care's checklist still comes after the sentence
    assert got.score >= GUESS_MIN
    # not understood by the rules at all
    text = "l'argent arrive dans combien de semaines"
    assert rules.understand(text).intent is Intent.UNKNOWN
    assert both.understand(text).intent is Intent.OUTSIDE
    # a care asked as a care stays the rules' answer
    assert both.decide("que joindre pour mes lunettes")[0] == "care"


def test_the_rules_that_decide_a_combination_keep_it() -> None:
    both = load_books(DEFAULT_PATH)[1]  # the shipped vocabulary and examples, as the bot reads
    # papers_too: an amount asked together with the care's papers gets the checklist
    name, got = both.decide("combien rembourse la mutuelle pour les lunettes, et quels papiers ?")
    assert name == "papers_too" and (got.intent, got.value) == (Intent.CATEGORY, "optique")
    # complaint_over_duration: a wait that is a complaint
    name, got = both.decide("ça fait 3 mois que j'attends mon remboursement")
    assert name == "complaint_over_duration" and got.intent is Intent.CONTACT


def test_what_was_learnt_is_kept_for_the_next_start_and_renewed_when_the_examples_change(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    small = parse_examples(SMALL, Path("small.tsv"), BOOK)
    first = Examples(small, cache=cache)
    learnt = first.guess("l'argent arrive quand ?")
    [kept] = cache.glob("examples-*.npz")
    written = kept.stat().st_mtime_ns
    again = Examples(small, cache=cache).guess("l'argent arrive quand ?")  # read back
    assert again == learnt and kept.stat().st_mtime_ns == written
    # one example more: learnt again, and the older file gone
    more = parse_examples(SMALL + "fr\tdélai de paiement\toutside\tdelays\n", Path("s.tsv"), BOOK)
    Examples(more, cache=cache).guess("l'argent arrive quand ?")
    [renewed] = cache.glob("examples-*.npz")
    assert renewed != kept and not kept.exists()
    # a damaged file is learnt again and replaced
    renewed.write_bytes(b"not a model")
    assert Examples(more, cache=cache).guess("quel est le taux remboursé") is not None
    assert renewed.stat().st_size > len(b"not a model")


def test_a_cache_that_cannot_be_written_only_costs_the_learning(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    examples = Examples(parse_examples(SMALL, Path("s.tsv"), BOOK), cache=blocked / "cache")
    guess = examples.guess("mes verres de lunettes")
    assert guess is not None and (guess.intent, guess.value) == ("category", "optique")


def test_every_label_an_example_may_carry_is_one_the_bot_answers() -> None:
    """The examples' labels are the decision's intents, and each outside kind has its own
    sentence (dialogs/questions.py): a label added on one side only fails here."""
    assert {*NO_VALUE, "category", "contact", "glossary", "outside"} == {i.value for i in Intent}
    for lang in ("fr", "ar"):
        texts = {outside_text(Translator(lang), BOOK, kind) for kind in OUTSIDE_VALUES}
        assert len(texts) == len(OUTSIDE_VALUES)


def test_examples_this_sure_decide_whatever_the_rules_read(tmp_path: Path) -> None:
    validity = "".join(
        f"fr\t{text}\tvalidity\t-\n"
        for text in (
            "la feuille de soins est valable combien de temps",
            "jusqu'à quand ma feuille reste valable",
            "la feuille expire au bout de combien de mois",
            "délai de validité de la feuille de soins",
        )
    )
    (tmp_path / "vocabulary.toml").write_text(MINIMAL, encoding="utf-8")
    vocabulary = load_vocabulary(tmp_path / "vocabulary.toml")
    examples = Examples(parse_examples(SMALL + validity, Path("s.tsv"), BOOK))
    text = "ma feuille pour les lunettes est valable combien de temps"
    assert Understander(vocabulary).decide(text)[0] == "care"  # "lunettes": Optique
    guess = examples.guess(text)
    assert guess is not None and guess.probability >= GUESS_SURE
    name, got = Understander(vocabulary, examples).decide(text)
    assert name == "examples" and got.intent is Intent.VALIDITY
    # below that, a care read by the rules stays a care unless the examples say outside
    assert Understander(vocabulary, Examples(parse_examples(SMALL, Path("s.tsv"), BOOK))).decide(
        "que joindre pour mes lunettes"
    ) == Understander(vocabulary).decide("que joindre pour mes lunettes")


def test_a_rulebook_copied_without_its_examples_runs_on_the_rules_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("mupras.toml", "vocabulary.toml"):
        shutil.copyfile(DEFAULT_PATH.with_name(name), tmp_path / name)
    rulebook, understander = load_books(tmp_path / "mupras.toml")
    assert understander.examples is None and "No examples.tsv beside the rulebook" in caplog.text
    got = understander.understand("que joindre pour la kiné ?")
    assert (got.intent, got.value) == (Intent.CATEGORY, "reeducation")
    assert set(rulebook.categories) == set(BOOK.categories)

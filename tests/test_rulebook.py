"""The rulebook file: complete, bilingual, sourced, validated."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from bot.console import plain
from bot.i18n import Translator
from bot.rulebook import (
    DEFAULT_PATH,
    Checklist,
    ItemKind,
    LineState,
    RulebookError,
    load_rulebook,
    parse_rulebook,
)
from dialogs.render import checklist_text
from tests.conftest import run_main


@pytest.fixture(scope="module")
def data() -> dict:
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def test_the_three_addresses_and_the_office_of_the_form() -> None:
    book = load_rulebook()
    emails = {c.id: c.email for c in book.contacts.values()}
    assert emails == {
        "reclamation": "contact@mupras.com",
        "prise_en_charge": "pec@mupras.com",
        "adhesion": "adhesion@mupras.com",
    }
    assert book.office.phone == "05 22 20 45 45"
    assert "Casablanca" in book.office.address.fr


def test_every_line_has_a_source_quoted_from_the_form() -> None:
    book = load_rulebook()
    # The form's recommendations page, kept with the rulebook (rulebook/sources/).
    page = (book.path.parent / "sources" / "mupras-recommendations.txt").read_text("utf-8")
    quoted = 0
    for category in book.categories.values():
        for item in (*book.general, *category.items):
            source = book.sources[item.source]
            assert source.quote
            if source.authority == "MUPRAS" and item.source != "formulaire":
                assert " ".join(source.quote.split()) in " ".join(page.split()), source.id
                quoted += 1
    assert quoted  # the check above ran


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_missing_translation_is_refused(data: dict, lang: str) -> None:
    broken = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    del broken["categories"][4]["items"][0]["text"][lang]
    with pytest.raises(RulebookError, match=rf"reeducation.*{lang} text is missing"):
        parse_rulebook(broken)


def test_unknown_references_are_refused(data: dict) -> None:
    broken = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    broken["categories"][1]["items"][0]["source"] = "nowhere"
    with pytest.raises(RulebookError, match="unknown source 'nowhere'"):
        parse_rulebook(broken)
    broken = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    broken["categories"][1]["items"][2]["when"] = ["sans_vignete"]
    with pytest.raises(RulebookError, match="unknown condition 'sans_vignete'"):
        parse_rulebook(broken)


def test_arabic_texts_are_arabic(data: dict) -> None:
    book = load_rulebook()
    texts = [i.text for c in book.categories.values() for i in c.items] + [
        i.text for i in book.general
    ]
    for text in texts:
        assert any("\u0600" <= ch <= "\u06ff" for ch in text.ar), text.fr
        assert text.ar != text.fr


def ids(checklist: Checklist, state: LineState | None = None) -> list[str]:
    return [line.item.id for line in checklist.lines if state is None or line.state is state]


def test_reeducation_needs_entente_invoice_and_calendar() -> None:
    book = load_rulebook()
    checklist = book.checklist("reeducation")
    assert {"entente_prealable", "facture", "calendrier_seances", "feuille_de_soins"} <= set(
        ids(checklist, LineState.MISSING)
    )
    assert checklist.contacts == ("prise_en_charge",)
    late = book.checklist("reeducation", {"entente_avant": "non", "accident": "non"})
    assert "entente_tardive" in ids(late, LineState.RISK)
    assert "declaration_accident" not in ids(late)
    assert not late.pending


def test_dental_prosthesis_adds_prior_agreement_and_xray() -> None:
    book = load_rulebook()
    simple = book.checklist("dentaire", {"soins_dentaires": "simples"})
    assert "accord_prealable" not in ids(simple) and "radio_apres_soins" not in ids(simple)
    assert "facture" in ids(simple, LineState.MISSING)
    prosthesis = book.checklist("dentaire", {"soins_dentaires": "prothese"})
    assert {"accord_prealable", "radio_apres_soins", "facture"} <= set(
        ids(prosthesis, LineState.MISSING)
    )
    unknown = book.checklist("dentaire")  # the question pending: its lines wait for it
    assert "accord_prealable" not in ids(unknown) and "radio_apres_soins" not in ids(unknown)


def test_medicine_without_vignette_needs_pharmacy_invoice() -> None:
    book = load_rulebook()
    assert "facture_pharmacie" not in ids(book.checklist("pharmacie", {"vignettes": "oui"}))
    without = book.checklist("pharmacie", {"vignettes": "non"})
    assert "facture_pharmacie" in ids(without, LineState.MISSING)
    assert "vignettes" in ids(without, LineState.MISSING)


def test_accident_adds_its_declaration_in_any_category() -> None:
    book = load_rulebook()
    assert "declaration_accident" in ids(
        book.checklist("optique", {"accident": "oui"}), LineState.MISSING
    )
    assert "declaration_accident" in ids(book.checklist("accident"), LineState.MISSING)
    assert "declaration_accident" in ids(
        book.checklist("pharmacie", extra_conditions=frozenset({"accident"})), LineState.MISSING
    )


def test_ticked_pieces_are_had_and_validity_is_always_a_risk() -> None:
    book = load_rulebook()
    for category in book.categories:
        checklist = book.checklist(category, have={"feuille_de_soins"})
        assert "feuille_de_soins" in ids(checklist, LineState.HAVE)
        assert "validite" in ids(checklist, LineState.RISK)
        assert all(
            line.item.kind is not ItemKind.RISK
            or line.state in (LineState.RISK, LineState.CONDITIONAL)
            for line in checklist.lines
        )


def test_chronic_declaration_older_than_six_months_is_a_risk() -> None:
    book = load_rulebook()
    old = book.checklist("maladie_chronique", {"declaration_recente": "non"})
    assert "declaration_perimee" in ids(old, LineState.RISK)
    assert "declaration_perimee" not in ids(
        book.checklist("maladie_chronique", {"declaration_recente": "oui"})
    )


def test_a_broken_rulebook_stops_the_start_naming_the_line(tmp_path: Path) -> None:
    broken = DEFAULT_PATH.read_text(encoding="utf-8").replace(
        'source = "optique-1"', 'source = "optique-9"', 1
    )
    (tmp_path / "mupras.toml").write_text(broken, encoding="utf-8")
    (tmp_path / "vocabulary.toml").write_text(
        DEFAULT_PATH.with_name("vocabulary.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    lines = broken.splitlines()
    wrong = lines.index('source = "optique-9"')
    # The line named is the header of the entry at fault: its [[categories.items]].
    line = max(n for n in range(wrong) if lines[n] == "[[categories.items]]") + 1
    env = {**os.environ, "RULEBOOK_PATH": str(tmp_path / "mupras.toml")}
    for command in (["check-rulebook"], ["ask", "bonjour"]):
        result = run_main(*command, env=env, check=False, timeout=60)
        assert result.returncode == 2
        assert (
            f"mupras.toml:{line}: categories.optique (ordonnance): unknown source 'optique-9'"
            in result.stderr
        )


@pytest.mark.parametrize(
    ("old", "new", "header"),
    [
        ('rule = "general.validite"', 'rule = "general.valid"', "[deadlines.feuille_de_soins]"),
        (
            'email = "adhesion@mupras.com"',
            'email = "adhesion-mupras.com"',
            "[contacts.adhesion]",
        ),
        ('id = "validite"\nkind = "risk"', 'id = "validite"\nkind = "danger"', "[[general]]"),
    ],
)
def test_a_rulebook_mistake_is_named_by_its_line(
    tmp_path: Path, old: str, new: str, header: str
) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path = tmp_path / "mupras.toml"
    path.write_text(broken, encoding="utf-8")
    lines = broken.splitlines()
    at = broken[: broken.index(new)].count("\n")
    line = max(n for n in range(at + 1) if lines[n] == header) + 1
    with pytest.raises(RulebookError, match=rf"mupras\.toml:{line}: "):
        load_rulebook(path)


# -- the rules as the recommendations page says them ----------------------------------------------


def _ids(category: str, answers: dict[str, str] | None = None) -> dict[str, str]:
    """A checklist's line ids and their states."""
    book = load_rulebook()
    return {line.item.id: line.state.value for line in book.checklist(category, answers).lines}


@pytest.mark.parametrize("category", ["reeducation", "hospitalisation", "protheses"])
def test_not_yet_asked_for_the_agreement_is_advice_not_a_rejection(category: str) -> None:
    undecided = _ids(category)
    assert "entente_tardive" not in undecided  # no risk said before the question is answered
    not_yet = _ids(category, {"entente_avant": "pas_encore"})
    assert "entente_tardive" not in not_yet and not_yet["entente_a_demander"] == "note"
    started = _ids(category, {"entente_avant": "non"})
    assert started["entente_tardive"] == "risk" and "entente_a_demander" not in started
    before = _ids(category, {"entente_avant": "oui"})
    assert "entente_tardive" not in before and "entente_a_demander" not in before


def test_the_dental_agreement_line_comes_for_every_care_that_needs_it() -> None:
    book = load_rulebook()
    for answer in ("orthodontie", "parodontie", "extractions"):
        lines = book.checklist("dentaire", {"soins_dentaires": answer}).lines
        assert ("entente_prealable", LineState.MISSING) in {(li.item.id, li.state) for li in lines}
    simple = book.checklist("dentaire", {"soins_dentaires": "simples"}).lines
    assert "entente_prealable" not in {line.item.id for line in simple}


def test_a_line_under_several_undecided_conditions_names_them_all() -> None:
    data = tomllib.loads(load_rulebook().path.read_text(encoding="utf-8"))
    for category in data["categories"]:
        if category["id"] == "dentaire":
            category["questions"] = []  # nothing asked: its lines stay conditional
    book = parse_rulebook(data)
    [line] = [li for li in book.checklist("dentaire").lines if li.item.id == "entente_prealable"]
    assert line.condition is not None
    for condition in ("orthodontie", "soins_speciaux"):
        assert book.conditions[condition].fr in line.condition.fr
        assert book.conditions[condition].ar in line.condition.ar


def test_an_accident_gives_the_same_lines_whichever_way_it_is_told() -> None:
    book = load_rulebook()
    told = _ids("consultation", {"accident": "oui"})
    as_category = _ids("accident")
    accident_lines = {i.id for i in book.general if "accident" in i.when}
    assert accident_lines and all(told[i] == as_category[i] == "missing" for i in accident_lines)


def test_a_chronic_illness_says_the_pieces_of_the_care_still_apply() -> None:
    assert _ids("maladie_chronique")["pieces_des_soins"] == "note"


def test_the_feuilles_two_cadres_are_said_with_the_feuille_not_as_lines() -> None:
    book = load_rulebook()
    for category in book.categories:
        lines = book.checklist(category).lines
        assert not {"cadre_adherent", "cadre_medecin"} & {line.item.id for line in lines}
        [feuille] = [line for line in lines if line.item.id == "feuille_de_soins"]
        assert {p.id for p in feuille.parts} == {"cadre_adherent", "cadre_medecin"}


def test_a_condition_then_its_lines_read_as_one_sentence_in_each_language() -> None:
    data = tomllib.loads(load_rulebook().path.read_text(encoding="utf-8"))
    for category in data["categories"]:
        if category["id"] == "pharmacie":
            category["questions"] = ["vignettes"]  # the accident not asked: its lines conditional
    book = parse_rulebook(data)
    fr = plain(checklist_text(Translator("fr"), book, book.checklist("pharmacie")))
    assert "Si les soins font suite à un accident : une déclaration" in fr  # no capital
    assert fr.count("Si les soins font suite à un accident") == 1  # its lines said once
    ar = plain(checklist_text(Translator("ar"), book, book.checklist("pharmacie")))
    assert " :" not in ar and "؛ " in ar  # no space before the colon; the Arabic semicolon


def test_dental_acts_are_a_multiple_choice() -> None:
    """A prosthesis with extractions: both sets of lines; the choice ends with "C'est tout"."""
    book = load_rulebook()
    question = book.questions["soins_dentaires"]
    value = question.press(None, "prothese")
    assert value == "prothese+" and not question.finished(value)
    value = question.press(value, "extractions")
    checklist = book.checklist("dentaire", {"soins_dentaires": value or ""})
    assert checklist.pending and checklist.pending[0] is question  # still choosing
    assert {"accord_prealable", "radio_apres_soins", "entente_prealable"} <= set(
        ids(checklist, LineState.MISSING)
    )
    value = question.press(value, "done")
    assert value == "prothese+extractions" and question.finished(value)
    assert question.press(value, "simples") == "simples"  # "soins courants" stands alone
    assert question.press(None, "done") is None  # nothing chosen: nothing to end
    done = book.checklist("dentaire", {"soins_dentaires": "prothese+extractions"})
    assert question not in done.pending


def test_a_multiple_answer_rides_in_one_code_character() -> None:
    from bot.callbacks import answer_code, answers_from_code

    book = load_rulebook()
    for value in ("prothese+", "prothese+canal+extractions", "simples", "orthodontie"):
        code = answer_code(book, "dentaire", {"soins_dentaires": value, "accident": "oui"})
        assert len(code) == len(book.category("dentaire").questions)
        assert answers_from_code(book, "dentaire", code) == {
            "soins_dentaires": value,
            "accident": "oui",
        }

"""A dossier's state: the pieces it has (ticked or read from its papers), its checklist, what its
papers risk, and where new papers go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.checks import Finding, check_dossier
from bot.domain.deadlines import Due, date_unread, dues
from bot.domain.deadlines import today as morocco_today
from bot.domain.rules import AGREEMENT_DOCUMENT, DEFAULT_CATEGORY
from bot.recognition.fields import Fields, fields_from_json
from bot.rulebook import MORE, Checklist, Item, Rulebook
from bot.storage import Document, Dossier, DossierStatus, Storage
from bot.text import fold


@dataclass(frozen=True)
class StoredPaper:
    """A document as stored (its types and fields), ready for the checks."""

    types: tuple[str, ...]
    fields: Fields

    @classmethod
    def of(cls, document: Document) -> StoredPaper:
        return cls(document.types, fields_from_json(dict(document.fields)))


@dataclass(frozen=True)
class DossierState:
    dossier: Dossier
    documents: tuple[Document, ...]
    checklist: Checklist
    findings: tuple[Finding, ...]
    dues: tuple[Due, ...] = ()  # the dates it must meet, soonest first
    date_unread: bool = False  # a feuille is there but its consultation's date could not be read


def dossier_have(
    rulebook: Rulebook, dossier: Dossier, documents: Sequence[Document]
) -> frozenset[str]:
    """What the adherent has: pieces ticked by hand and pieces provided by documents read."""
    types = {t for doc in documents for t in doc.types}
    return dossier.have | frozenset(rulebook.items_for_documents(dossier.category, types))


def dossier_state(
    rulebook: Rulebook, storage: Storage, dossier: Dossier, *, today: dt.date | None = None
) -> DossierState:
    """A dossier's checklist, with the pieces its documents provide, the risks they show and the
    dates it must meet (its documents read once for all three)."""
    documents = tuple(storage.documents(dossier.id))
    have = dossier_have(rulebook, dossier, documents)
    checklist = rulebook.checklist(dossier.category, dossier.answers, have)
    papers = [StoredPaper.of(doc) for doc in documents]
    findings = check_dossier(papers, rulebook, today=today or morocco_today())
    due = tuple(dues(rulebook, dossier, papers))
    unread = date_unread(dossier, papers)
    return DossierState(dossier, documents, checklist, tuple(findings), due, unread)


@dataclass(frozen=True)
class Placement:
    """Where a batch of documents went: the dossier, whether it was made for them, and the
    adherent's other open dossiers, likeliest first (to move them there with a button)."""

    dossier: Dossier
    created: bool
    others: tuple[Dossier, ...] = ()
    care: str | None = None  # the kind of care the documents suggest (suggested_care)


def suggested_care(rulebook: Rulebook, documents: Sequence[Document]) -> str | None:
    """The kind of care documents point to: their type's (a calendar of sessions → rééducation),
    else the one their printed words name (a kiné's invoice); None if they point nowhere."""
    for document in documents:
        for type_id in document.types:
            kind = rulebook.document_types.get(type_id)
            if kind is not None and kind.suggests:
                return kind.suggests
    cares = {StoredPaper.of(doc).fields.care for doc in documents} - {None}
    named = [care for care in cares if care in rulebook.categories]
    return named[0] if len(named) == 1 else None


def _fits(
    rulebook: Rulebook,
    dossier: Dossier,
    names: Sequence[str],
    types: frozenset[str],
    care: str | None,
) -> float:
    """How likely the documents belong to this dossier: a patient's name read on them (folded)
    is its first name, they are of its kind of care, their types provide one of its own pieces."""
    score = 0.0
    first_name = fold(dossier.beneficiary_name or "")
    if len(first_name) >= 3 and any(first_name in name.split() for name in names):
        score += 4
    if care == dossier.category:
        score += 3
    if any(item.documents & types for item in rulebook.categories[dossier.category].items):
        score += 2
    return score


def place_documents(
    rulebook: Rulebook, storage: Storage, user_id: int, documents: Sequence[Document]
) -> Placement:
    """Where documents go: the open dossier they fit best (its name, its care, its pieces; the
    latest on a tie), else a new one for the care they suggest."""
    open_dossiers = storage.dossiers(user_id, status=DossierStatus.OPEN)
    care = suggested_care(rulebook, documents)
    if not open_dossiers:
        made = storage.create_dossier(user_id, care or DEFAULT_CATEGORY)
        return Placement(made, True, care=care)
    names = [fold(n) for doc in documents if (n := StoredPaper.of(doc).fields.patient_name)]
    types = frozenset(t for doc in documents for t in doc.types)
    ranked = sorted(
        enumerate(open_dossiers),
        key=lambda pair: (_fits(rulebook, pair[1], names, types, care), pair[0]),
        reverse=True,
    )
    best, *others = (dossier for _, dossier in ranked)
    return Placement(best, False, tuple(others), care)


@dataclass(frozen=True)
class AgreementNeed:
    """Whether a kind of care needs the prior agreement: always, under some conditions (their
    labels), or never, as its checklist's lines say."""

    always: bool
    when: tuple[str, ...] = ()  # condition ids, for a care that needs it only sometimes


def agreement_lines(rulebook: Rulebook, category_id: str) -> list[Item]:
    """The lines of a care that the agreement paper provides (its request, its conditions)."""
    return [i for i in rulebook.categories[category_id].items if AGREEMENT_DOCUMENT in i.documents]


def agreement_need(rulebook: Rulebook, category_id: str) -> AgreementNeed:
    """From the lines of the care that the agreement document provides."""
    items = agreement_lines(rulebook, category_id)
    if any(not item.when for item in items):
        return AgreementNeed(True)
    return AgreementNeed(False, tuple(sorted({c for item in items for c in item.when})))


def answers_from_conditions(
    rulebook: Rulebook, category_id: str, conditions: frozenset[str]
) -> dict[str, str]:
    """Answer the questions the adherent's own words already answer ("une couronne" → prothèse)."""
    answers: dict[str, str] = {}
    for qid in rulebook.category(category_id).questions:
        question = rulebook.questions[qid]
        told = [o.id for o in question.options if o.sets and o.sets <= conditions]
        if told:  # a multiple question takes every one told ("couronne et canal")
            answers[qid] = MORE.join(told) if question.multiple else told[0]
    return answers

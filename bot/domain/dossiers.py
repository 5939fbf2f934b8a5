"""A dossier's state: the pieces it has (ticked or read from its papers), its checklist, what its
papers risk, and where new papers go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.checks import Finding, check_dossier
from bot.domain.deadlines import Due, dues
from bot.domain.deadlines import today as morocco_today
from bot.domain.rules import DEFAULT_CATEGORY
from bot.recognition.fields import Fields, fields_from_json
from bot.rulebook import Checklist, Rulebook
from bot.storage import Document, Dossier, DossierStatus, Storage


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
    return DossierState(dossier, documents, checklist, tuple(findings), due)


def dossier_for_documents(
    rulebook: Rulebook, storage: Storage, user_id: int, types: Sequence[str]
) -> tuple[Dossier, bool]:
    """Where documents go: the latest open dossier, else a new one for the care they suggest.
    Returns the dossier and whether it was created."""
    open_dossiers = storage.dossiers(user_id, status=DossierStatus.OPEN)
    if open_dossiers:
        return open_dossiers[-1], False
    suggested = [
        rulebook.document_types[t].suggests for t in types if t in rulebook.document_types
    ]
    category = next((c for c in suggested if c), DEFAULT_CATEGORY)
    return storage.create_dossier(user_id, category), True


def answers_from_conditions(
    rulebook: Rulebook, category_id: str, conditions: frozenset[str]
) -> dict[str, str]:
    """Answer the questions the adherent's own words already answer ("une couronne" → prothèse)."""
    answers: dict[str, str] = {}
    for qid in rulebook.category(category_id).questions:
        for option in rulebook.questions[qid].options:
            if option.sets and option.sets <= conditions:
                answers[qid] = option.id
                break
    return answers

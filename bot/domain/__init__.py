"""What a dossier needs, has, risks and when it expires: plain functions and dataclasses over the
rulebook, the storage and what recognition read. No Telegram here; the dialogs route and render."""

from bot.domain.checks import Finding, Paper, check_dossier
from bot.domain.dossiers import (
    DossierState,
    Placement,
    StoredPaper,
    dossier_have,
    dossier_state,
    place_documents,
    suggested_care,
)
from bot.domain.rules import check_rulebook

__all__ = [
    "DossierState",
    "Finding",
    "Paper",
    "Placement",
    "StoredPaper",
    "check_dossier",
    "check_rulebook",
    "dossier_have",
    "dossier_state",
    "place_documents",
    "suggested_care",
]

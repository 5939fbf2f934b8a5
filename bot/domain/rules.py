"""The rulebook entries the code names, each checked when the rulebook loads.

A rule id names a line of the rulebook ("general.cadre_medecin", "reeducation.calendrier_seances");
the other names are ids of its tables. A book without one of them stops the start, the entry named
(like any other rulebook mistake), instead of failing later in a dialog.
"""

from __future__ import annotations

from bot.rulebook import Rulebook

# Lines the dossier checks cite.
RULE_DOCTOR = "general.cadre_medecin"
RULE_CALENDAR = "reeducation.calendrier_seances"
# The deadline of a claim: its feuille de soins ([deadlines.feuille_de_soins]).
CLAIM_DEADLINE = "feuille_de_soins"
# A chronic illness's declaration, renewed every few months ([deadlines.<this>], a document type).
RENEWAL = "declaration_maladie_chronique"
# Document types the checks compare.
FEUILLE = "feuille_de_soins"
INVOICE = "facture"
CALENDAR = "calendrier_seances"
AGREEMENT_DOCUMENT = "entente_prealable"  # the prior agreement, as a paper
# Addresses: a complaint, a prior agreement (prise en charge), membership.
COMPLAINT = "reclamation"
AGREEMENT = "prise_en_charge"
MEMBERSHIP = "adhesion"
# The care of a dossier opened by documents that suggest none.
DEFAULT_CATEGORY = "consultation"


def check_rulebook(book: Rulebook) -> None:
    """Raise RulebookError naming the first entry the code names that the book lacks."""
    book.require(
        "the dossier checks (bot/domain)",
        rules=(RULE_DOCTOR, RULE_CALENDAR),
        deadlines=(CLAIM_DEADLINE, RENEWAL),
        document_types=(FEUILLE, INVOICE, CALENDAR, RENEWAL, AGREEMENT_DOCUMENT),
        contacts=(COMPLAINT, AGREEMENT, MEMBERSHIP),
        categories=(DEFAULT_CATEGORY,),
    )

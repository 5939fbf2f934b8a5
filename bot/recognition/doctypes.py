"""Classify OCR text into claim document types by weighted words (not positions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from bot.rulebook import Rulebook, RulebookError
from bot.text import fold as text_fold


class DocType(StrEnum):
    """Kinds of paper an adherent attaches to a claim."""

    FEUILLE_DE_SOINS = "feuille_de_soins"
    ORDONNANCE = "ordonnance"
    FACTURE = "facture"
    VIGNETTES = "vignettes"
    RESULTATS = "resultats"
    CALENDRIER_SEANCES = "calendrier_seances"
    ENTENTE_PREALABLE = "entente_prealable"
    CERTIFICAT_MEDICAL = "certificat_medical"
    DECLARATION_ACCIDENT = "declaration_accident"
    DECLARATION_MALADIE_CHRONIQUE = "declaration_maladie_chronique"
    DEVIS = "devis"
    RADIOGRAPHIE = "radiographie"
    UNKNOWN = "unknown"


def check_rulebook(book: Rulebook) -> None:
    """The types recognition tells apart are the rulebook's document types, both ways: a type
    recognised but not in the book (no name to show), or in the book but never recognised (a
    piece no photo could provide), stops the start with the entry named."""
    book.require(
        "recognition (bot/recognition/doctypes.py)",
        document_types=list(DocType),
        categories=list(CARE_WORDS),
    )
    for type_id in book.document_types:
        if type_id not in DocType.__members__.values():
            raise RulebookError(
                f"[document_types.{type_id}]: recognition does not know this type "
                "(add it to DocType and its words in bot/recognition/doctypes.py)"
            )


def fold(text: str) -> str:
    """The text folded (:func:`bot.text.fold`), only letters, digits and ``/:,.`` kept."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w/:,.]+", " ", text_fold(text))).strip()


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    weight: float
    cap: int  # how many occurrences count
    phrase: str | None  # for fuzzy matching of OCR-damaged phrases (None: regex only)


def _r(pattern: str, weight: float, cap: int = 1, *, fuzzy: bool = False) -> _Rule:
    phrase = fold(pattern) if fuzzy else None
    regex = re.escape(fold(pattern)) if fuzzy else pattern
    return _Rule(re.compile(regex), weight, cap, phrase)


_DATE = r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2,4}"

_RULES: dict[DocType, tuple[_Rule, ...]] = {
    DocType.FEUILLE_DE_SOINS: (
        _r(r"declaration de maladie(?! chroni)", 6),
        _r("feuille de soins", 6, fuzzy=True),
        _r("cadre reserve", 4, 2, fuzzy=True),
        _r("total des frais engages", 5, fuzzy=True),
        _r("date de consultation", 3, fuzzy=True),
        _r("lien de parente", 4, fuzzy=True),
        _r("nature de la maladie", 3, fuzzy=True),
        _r(r"\bmatricule\b", 2),
        _r(r"\badherent", 1.5),
        _r("releve des frais et honoraires", 6, fuzzy=True),
        _r("execution des ordonnances", 5, fuzzy=True),
        _r("auxiliaires medicaux", 5, fuzzy=True),
        _r(r"analyses\W*radiographies", 3),
        _r("actes paramedicaux", 4, fuzzy=True),
        _r("ordonnances executees", 4, fuzzy=True),
        _r("coefficient masticatoire", 3, fuzzy=True),
        _r("signature de l adherent", 3, fuzzy=True),
        _r(r"lui meme", 2),
        _r(r"\bconjoint\b", 1),
        _r("ورقه العلاج", 5),
        _r(r"التصريح بالمرض(?! المزمن)", 4),
        _r("المساعدين الطبيين", 4),
        _r("وصف العمليات", 3),
        _r(r"\bcim\s?10\b", 2),
        _r("description des actes effectues", 5, fuzzy=True),
        _r("actes de biologie", 3, fuzzy=True),
        _r("cachet du pharmacien", 3, fuzzy=True),
        _r("dents traitees", 3, fuzzy=True),
        _r(r"\bnature des soins\b", 1.5),
        _r(r"\bpensionnee?\b", 2),
        _r(r"\bmontant de la facture\b", 1),
        _r(r"\b(mupras|mutuelle)\b", 1),
        _r("عمليات", 1, 2),
    ),
    DocType.ORDONNANCE: (
        _r(r"\bordonnance\b(?! no? ?\d)", 6),
        _r(r"\bordonnance medicale\b", 2),
        _r(r"\b\d+\s?(mg|ml|ui|µg|ug|mcg)\b", 1, 4),
        _r(r"\b(cp|comprimes?|gelules?|sachets?|ampoules?|bouffees?|sirop|pommade)\b", 1, 4),
        _r(r"\bfois par jour\b|\bpar jour\b|\b\d\s?/\s?j\b", 1.5, 2),
        _r(r"\bpendant \d+ jours\b", 1.5),
        _r(r"\bqsp\b", 2, 2),
        _r(r"\bposologie\b", 2),
        _r(r"\brp\s?/", 2),
        _r(r"\bdiagnostic\b", 1),
        _r(r"\bseances? / mois\b", 2),
        _r(r"\b(matin|midi|soir)\b", 1, 2),
        _r(r"\bau coucher\b|\b(avant|apres) (les |chaque )?repas\b", 1.5),
        _r(r"\bsi (douleur|besoin|fievre)\b", 1.5),
        _r(r"\brenouvelable\b|\ba renouveler\b", 1.5),
        _r(r"\bc\.? a (cafe|soupe)\b", 1.5),
        _r("وصفه طبيه", 5),
    ),
    DocType.FACTURE: (
        _r(r"\bfacture\b", 4),
        _r(r"\bfacture n", 2),
        _r(r"\btotal ttc\b", 3),
        _r(r"\bttc\b", 1),
        _r(r"arretee? la presente facture", 5),
        _r("la presente facture", 3, fuzzy=True),
        _r(r"\bnet a payer\b", 3),
        _r(r"\bmontant total\b", 1),
        _r(r"\bice\b", 1.5),
        _r(r"\b(i\.?f|rc|patente)\b\s?:", 1),
        _r(r"\bqte\b|\bquantite\b", 1.5),
        _r(r"\bp\.?\s?u\b|prix unitaire", 1.5),
        _r(r"\bmontant\b", 1),
        _r(r"\bdesignation\b", 0.5),
        _r(r"\bsomme de\b", 1.5),
        _r(r"\bpharmacie\b|\bpharmacien\b|\bopticien\b|\boptique\b", 1),
        _r("فاتوره", 4),
    ),
    DocType.VIGNETTES: (
        _r(r"\bpp[vyu]\b\s?:?\s?\d", 3, 4),
        _r(r"\bp\.?\s?p\.?\s?[vy]\b", 1, 2),
        _r(r"prix public", 3),
        _r(r"\bvignettes?\b", 5),
        _r(r"\blot\b\s?:?\s?\w*\d", 1.5, 3),
        _r(r"\bexp\b\s?:?\s?\d", 1.5, 3),
        _r(r"\bb\s?/\s?\d+\b", 1, 2),
        _r("prix public de vente", 2, fuzzy=True),
        _r(r"\bboite de \d+|\bflacon \d+", 1, 2),
        _r("ملصقات الادويه", 4),
        # Sticker wording: sale price, batch, manufacture/expiry dates, maximum public price.
        _r(r"prix de vente", 2),
        _r(
            r"\b(pp[vyu]|p\.?\s?p\.?\s?v|prix public|prix de vente|ppm)\b"
            r"\W{0,3}\d+[,.]\d{2}\s?dhs?\b",
            2,
            3,
        ),
        _r(r"\b(fab|per)\b\s?:?\s?\d", 1, 2),
        _r(r"\bppm\b\s?:?\s?\d", 2, 2),
    ),
    DocType.RESULTATS: (
        _r(r"\bcompte\s?rendu\b", 5),
        _r(r"\bresultats?\b", 2.5),
        _r(r"resultats d analyses|resultats biologiques", 3),
        _r(r"\bconclusion\b", 3),
        _r(r"valeurs? de reference|\bnormes?\b", 4),
        _r(r"\bbiologiste\b", 2),
        _r(r"\bradiologue\b", 1.5),
        _r(r"\btechnique\b", 1.5),
        _r(r"\bindication\b", 1.5),
        _r(
            r"\b(echographie|irm|scanner|hemoglobine|glycemie|creatinine|cholesterol|"
            r"hemogramme|mammographie|tdm)\b",
            1,
            3,
        ),
        _r(r"\b(g/l|g/dl|mg/l|mmol/l|ui/l)\b", 1, 3),
        _r(r"\bprescripteur\b", 1),
        _r(r"\b(hematologie|biochimie|serologie|immunologie|hormonologie)\b", 2),
        _r(
            r"\b(leucocytes|plaquettes|hematies|hematocrite|triglycerides|tsh|hba1c|crp|"
            r"ferritine|uree|vgm|nfs|glycemie a jeun|acide urique|transaminases)\b",
            1,
            4,
        ),
        _r(r"valide par|\bbilan biologique\b", 1.5),
        _r(r"\b(echostructure|parenchym\w*|opacite|incidence|sans anomalie)\b", 1, 2),
        _r(r"\b(imagerie|radiologie)\b", 1),
        _r("التحاليل", 2),
        _r("الاشعه", 1),
        _r("نتائج", 3),
    ),
    DocType.CALENDRIER_SEANCES: (
        _r("planning des seances", 6, fuzzy=True),
        _r("calendrier des seances", 6, fuzzy=True),
        _r(r"\bplanning\b", 2),
        _r(r"\bcalendrier\b", 2),
        _r("fiche de presence", 5, fuzzy=True),
        _r("date des seances", 4, fuzzy=True),
        _r("nombre de seances", 1.5, fuzzy=True),
        _r(r"\bseances?\b", 0.5, 3),
        _r(r"seances? / mois du", 2),
        _r(_DATE, 0.4, 12),
        _r("seances effectuees", 4, fuzzy=True),
        _r("releve des seances", 5, fuzzy=True),
        _r("signature du patient", 2, fuzzy=True),
        _r(r"\bn. seance\b|\bseance n\b", 2),
        _r(r"\b(lun|mar|mer|jeu|ven|sam|dim)\b", 0.6, 5),
        _r(r"total\W+\d+ seances", 2),
        _r("جدول الحصص", 5),
        _r("الحصص", 2),
    ),
    DocType.ENTENTE_PREALABLE: (
        _r("entente prealable", 6, fuzzy=True),
        _r("accord prealable", 5, fuzzy=True),
        _r("accord de prise en charge", 5, fuzzy=True),
        _r(r"\bprise en charge\b", 1.5),
        _r(r"validite de l accord", 5),
        _r(r"\bn. de l accord\b", 3),
        _r(r"\bpart cnops\b", 3),
        _r(r"\bpart assure\b", 3),
        _r(r"\btarif mensuel\b", 2),
        _r(r"\bcnops\b", 1),
        _r(r"avis du medecin conseil", 3),
        _r(r"\bmedecin conseil\b", 1),
        _r(r"\bbeneficiaire\b", 1),
        _r(r"\bobjet\b", 1),
        _r(r"salutations distinguees", 1),
        _r(r"acte\W+s?\W*envisage", 3),
        _r(r"avant le debut des soins", 2),
        _r("demande de prise en charge", 5, fuzzy=True),
        _r(r"demande d.?accord", 3),
        _r(r"\bimmatriculation\b", 1),
        _r(r"justification medicale|date prevue", 2),
        _r(r"\bavis (favorable|defavorable)\b|\bdefavorable\b", 2),
        _r("caisse nationale des organismes", 2, fuzzy=True),
        _r("التكفل", 3),
        _r("الموافقه المسبقه", 5),
    ),
    DocType.CERTIFICAT_MEDICAL: (
        _r("certificat medical", 7, fuzzy=True),
        _r(r"\bcertificat\b", 2),
        _r(r"\bcertifie\b", 3),
        _r(r"je soussigne", 2),
        _r("pour servir et valoir", 4, fuzzy=True),
        _r(r"ce que de droit", 2),
        _r(r"\brepos de \d+", 2),
        _r(r"avoir examine", 2),
        _r(r"arret de travail|sauf complications?", 3),
        _r(r"a la demande de l.?interesse|en main propre", 2),
        _r(r"\bdocteur en medecine\b", 1),
        _r("شهاده طبيه", 5),
    ),
    DocType.DECLARATION_ACCIDENT: (
        _r("declaration d accident", 7, fuzzy=True),
        _r("date de l accident", 4, fuzzy=True),
        _r("lieu de l accident", 4, fuzzy=True),
        _r("circonstances de l accident", 4, fuzzy=True),
        _r("nature de l accident", 3, fuzzy=True),
        _r(r"\baccident\b", 1, 3),
        _r(r"\bvictime\b", 3),
        _r(r"tiers responsable", 3),
        _r(r"\btemoins?\b", 2),
        _r(r"\bcirculation\b", 1),
        _r("التصريح بالحادثه", 5),
        _r("حادثه", 2),
        _r("تصريح بحادثه", 4),
        _r(r"nature des lesions|\bproces verbal\b", 3),
        _r(r"\bcirconstances\b", 1.5),
        _r(r"\blesions?\b", 1),
    ),
    DocType.DECLARATION_MALADIE_CHRONIQUE: (
        _r("declaration de maladie chronique", 5, fuzzy=True),
        _r(r"maladies? chroniques?", 4),
        _r(r"longue duree", 4),
        _r(r"\bald\b", 2),
        _r(r"\balc\b", 2),
        _r(r"protocole therapeutique", 3),
        _r(r"au long cours", 1),
        _r(r"\b6 mois\b|six mois", 1),
        _r(r"renouveler", 1),
        _r(r"\baffection\b", 1.5),
        _r(r"debut de la maladie", 2),
        _r("المرض المزمن", 5),
        _r("مزمن", 2),
        _r(r"\bcode ald\b|\bald\W+alc\b", 3),
        _r(r"premiere declaration|duree previsible", 2),
        _r(r"\brenouvellement\b", 1),
        _r(r"\bmedecin traitant\b", 1),
        _r("طويل الامد", 4),
    ),
    DocType.DEVIS: (
        _r(r"\bdevis\b", 3, 3),
        _r(r"\bdevis (dentaire|estimatif|de prothese)", 3),
        _r(r"total du devis|devis valable|validite du devis", 4),
        _r(r"chirurgien\W?dentiste", 2),
        _r(r"\b(couronne|bridge|prothese|canalaire|detartrage|implant|inlay|amovible)", 1, 3),
        _r(r"audioprothesiste|appareil auditif", 2),
        _r(r"\bdents?\b", 1),
        _r("date du devis", 4, fuzzy=True),
        _r("devis valable", 2, fuzzy=True),
        _r(r"plan de traitement|\bprothetique\b|lu et approuve", 2),
        _r(r"\bdentiste\b", 2),
        _r(r"\b(ceramo\w*|zircone|ceramique|orthodontie|gouttiere)\b", 1, 2),
        _r(r"\b1[1-8] 1[1-8] 1[1-8] 1[1-8]\b|\b4[1-8] 4[1-8] 4[1-8] 4[1-8]\b", 1.5),
        _r("تقدير", 3),
        _r("الاسنان", 1),
    ),
}

# The kind of care a paper's own printed words name (its letterhead, its lines): a kiné's invoice
# opens a rééducation dossier, not a consultation. Keys are the rulebook's categories
# (check_rulebook); the words as the professions print them, on folded text.
CARE_WORDS: dict[str, re.Pattern[str]] = {
    "reeducation": re.compile(
        r"\bkine(si)?\b|kinesi?the?rap|reeducation|orthophon|psychomotric|orthoptie"
        r"|الترويض|الترويض الطبي|تقويم النطق"
    ),
    "optique": re.compile(
        r"\bopticien|\boptique\b|\bmonture\b|\bverres? (correct|progress)|نظاره"
    ),
    "dentaire": re.compile(r"chirurgien\W?dentiste|\bdentaire\b|\bdentiste\b|طب الاسنان"),
    "radiologie_biologie": re.compile(
        r"laboratoire d.?analyses|\banalyses medicales\b|\bbiologie medicale\b"
        r"|\bradiologie\b|\bimagerie\b|\bscanner\b|\birm\b|\bechographie\b|مختبر التحاليل"
    ),
    "pharmacie": re.compile(r"\bpharmacie\b|\bpharmacien|صيدليه"),
    "hospitalisation": re.compile(r"\bclinique\b|\bhospitalisation\b|\bhopital\b|مصحه|مستشفي"),
}


def care_named(text: str) -> str | None:
    """The one kind of care the text's printed words name; None if none, or more than one."""
    folded = fold(text)
    named = [care for care, pattern in CARE_WORDS.items() if pattern.search(folded)]
    return named[0] if len(named) == 1 else None


# Pairs that genuinely co-occur on one photo (stickers glued on a prescription or claim form).
_COMBINABLE = {
    frozenset({DocType.VIGNETTES, DocType.ORDONNANCE}),
    frozenset({DocType.VIGNETTES, DocType.FEUILLE_DE_SOINS}),
    frozenset({DocType.VIGNETTES, DocType.FACTURE}),
    frozenset({DocType.ORDONNANCE, DocType.RESULTATS}),
}
MIN_SCORE = 3.0
_FUZZY_CUTOFF = 86.0
# Barcode blocks found on the photo (ocr.find_barcodes) are medicine stickers: one is a hint
# (a stray stripe pattern), two or more count this much each, up to _MAX_BARCODES of them.
_BARCODE_WEIGHT = 1.5
_MAX_BARCODES = 4
# An X-ray's film printed on the page (a dark field with bright structure inside the paper) is an
# X-ray whatever little its caption says; a report's words (compte rendu, conclusion) still win.
FILM_WEIGHT = 8.0


def _rule_score(rule: _Rule, text: str) -> float:
    count = (
        len(rule.pattern.findall(text)) if rule.cap > 1 else int(bool(rule.pattern.search(text)))
    )
    if count:
        return rule.weight * min(count, rule.cap)
    if (
        rule.phrase is not None
        and len(rule.phrase) >= 10
        and fuzz.partial_ratio(rule.phrase, text, score_cutoff=_FUZZY_CUTOFF)
    ):
        return rule.weight * 0.8
    return 0.0


def _barcode_score(barcodes: int) -> float:
    if barcodes >= 2:
        return _BARCODE_WEIGHT * min(barcodes, _MAX_BARCODES)
    return float(max(barcodes, 0))


def score_text(text: str, *, barcodes: int = 0, film: bool = False) -> dict[DocType, float]:
    """Score of each type for this text, the photo's barcode count and whether an X-ray's film
    is printed on the page (higher: more likely)."""
    folded = fold(text)
    scores = {t: sum(_rule_score(rule, folded) for rule in rules) for t, rules in _RULES.items()}
    scores[DocType.VIGNETTES] += _barcode_score(barcodes)
    scores[DocType.RADIOGRAPHIE] = scores.get(DocType.RADIOGRAPHIE, 0.0) + FILM_WEIGHT * film
    return scores


def classify_text(
    text: str, *, barcodes: int = 0, film: bool = False
) -> tuple[tuple[DocType, ...], float]:
    """Types found in the text, best first, and a 0..1 confidence; (UNKNOWN,) if unsure.

    ``barcodes`` is how many sticker barcodes were seen on the photo (evidence of vignettes),
    ``film`` whether the page carries an X-ray's film (ocr.film_on_page).
    """
    scores = score_text(text, barcodes=barcodes, film=film)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best_type, best = ranked[0]
    second = ranked[1][1]
    if best < MIN_SCORE:
        return (DocType.UNKNOWN,), 0.0
    # Stickers on a prescription: the vignettes are what the claim needs, name them first. A
    # prescription never prints a public price, so one clear "PPV 12,30" on it is a sticker.
    sticker_min = 3 if best_type is DocType.ORDONNANCE else 6
    if scores[DocType.VIGNETTES] >= sticker_min and best_type is not DocType.VIGNETTES:
        pair = frozenset({DocType.VIGNETTES, best_type})
        if pair in _COMBINABLE:
            return (DocType.VIGNETTES, best_type), _confidence(best, second)
    types = [best_type]
    for other, value in ranked[1:3]:
        pair = frozenset({best_type, other})
        close = value >= 0.6 * best or DocType.VIGNETTES in pair
        if value >= 6 and close and pair in _COMBINABLE:
            types.append(other)
    return tuple(types), _confidence(best, second)


def _confidence(best: float, second: float) -> float:
    margin = (best - second) / best if best > 0 else 0.0
    strength = min(1.0, best / 12)
    return round(max(0.0, min(1.0, 0.5 * strength + 0.5 * margin)), 3)

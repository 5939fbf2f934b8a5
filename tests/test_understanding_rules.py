"""The decision table: each rule, in its order, decides the messages it is for."""

from __future__ import annotations

import pytest

from benchmarks.understanding import load_phrasings
from bot.understanding import DEFAULT_VOCABULARY_PATH, RULES, Intent, Understander, load_vocabulary

# rule name -> messages it decides, with what they get
CASES: dict[str, list[tuple[str, Intent, str | None]]] = {
    "off_topic": [
        ("vous connaissez un bon pédiatre à fès ?", Intent.OUTSIDE, "provider"),
        ("دلوني على شي مختبر فالرباط", Intent.OUTSIDE, "provider"),
        ("chi tbib snan mzyan f rabat?", Intent.OUTSIDE, "provider"),
        ("quelle pharmacie est de garde ce soir", Intent.OUTSIDE, "provider"),
        ("فين كاينة صيدلية الحراسة", Intent.OUTSIDE, "provider"),
    ],
    "complaint_over_duration": [
        ("ça fait 3 mois que j'attends mon remboursement", Intent.CONTACT, "reclamation"),
        ("mon dossier a été rejeté", Intent.CONTACT, "reclamation"),
    ],
    "membership_over_duration": [
        ("ولدي تزاد الشهر اللي فات", Intent.CONTACT, "adhesion"),
    ],
    "papers_too": [
        (
            "combien rembourse la mutuelle pour les lunettes, et quels papiers ?",
            Intent.CATEGORY,
            "optique",
        ),
        ("ch7al kay3awdo 3la kiné w chno lwra9", Intent.CATEGORY, "reeducation"),
    ],
    "reimbursement_delay": [
        # the feuille named, its payment's delay said more strongly than a validity
        (
            "combien de jours pour être payé après l'envoi de ma feuille de soins ?",
            Intent.OUTSIDE,
            "delays",
        ),
        # a delay, not the bank account changed
        (
            "le virement sur mon compte bancaire arrive en combien de jours ?",
            Intent.OUTSIDE,
            "delays",
        ),
        # "not a complaint": its complaint word is not one
        ("ce n'est pas une réclamation, quand serai-je payé ?", Intent.OUTSIDE, "delays"),
        ("ماشي شكاية، غير بغيت نعرف فوقاش غادي يخلصوني", Intent.OUTSIDE, "delays"),
        ("en combien de temps je suis payé après le dépôt ?", Intent.OUTSIDE, "delays"),
        ("كم من الوقت يستغرق صرف التعويض؟", Intent.OUTSIDE, "delays"),
        ("quand vais-je toucher le virement de la mutuelle ?", Intent.OUTSIDE, "delays"),
        ("متى يصرف التعويض؟", Intent.OUTSIDE, "delays"),
        ("fo9ach ghadi ykhalsou", Intent.OUTSIDE, "delays"),
    ],
    "amounts": [
        ("combien coûte une couronne, la mutuelle en prend combien ?", Intent.OUTSIDE, "amounts"),
        ("ما هي نسبة التعويض عن النظارات؟", Intent.OUTSIDE, "amounts"),
        ("quel est le taux pour une couronne ?", Intent.OUTSIDE, "amounts"),
        ("شحال كيعوضو على الدوا", Intent.OUTSIDE, "amounts"),
        ("ch7al kay3awdo f nnadader", Intent.OUTSIDE, "amounts"),
    ],
    "opening_hours": [
        ("vous fermez à quelle heure le vendredi ?", Intent.OUTSIDE, "hours"),
        ("fo9ach kat7lou f sba7?", Intent.OUTSIDE, "hours"),
        ("quels sont vos horaires ?", Intent.OUTSIDE, "hours"),
        ("ما هي أوقات العمل؟", Intent.OUTSIDE, "hours"),
    ],
    "validity_of_the_form": [
        ("durée de validité de la feuille de soins", Intent.VALIDITY, None),
        ("j'ai consulté il y a 4 mois, c'est encore possible d'envoyer ?", Intent.VALIDITY, None),
        ("sera-t-il rejeté si la feuille a plus de 3 mois ?", Intent.VALIDITY, None),
    ],
    "definition": [
        ("c'est quoi l'ALD ?", Intent.GLOSSARY, "ald"),
    ],
    "complaint": [
        # the duration weighs more, but a care is named: not a validity question
        ("lunettes rejetées, quel est le délai de validité ?", Intent.CONTACT, "reclamation"),
        ("réclamation pour la kiné, délai de validité", Intent.CONTACT, "reclamation"),
    ],
    "care_over_membership": [
        (
            "je suis retraité, le dentiste m'a posé un bridge et une couronne",
            Intent.CATEGORY,
            "dentaire",
        ),
        ("chno nzid f dossier dyal weldi, dar radio", Intent.CATEGORY, "radiologie_biologie"),
    ],
    "membership": [
        ("je veux inscrire mon fils", Intent.CONTACT, "adhesion"),
    ],
    "a_person": [
        ("quel est votre numéro de téléphone ?", Intent.HUMAN, None),
        ("3tini nmra bach n3ayet", Intent.HUMAN, None),
        ("je préfère parler à quelqu'un", Intent.HUMAN, None),
        ("بغيت نهضر مع شي موظف", Intent.HUMAN, None),
        ("bghit nhder m3a chi wa7ed", Intent.HUMAN, None),
    ],
    "deposit": [
        ("je peux envoyer ma feuille par la poste ?", Intent.DEPOSIT, None),
        ("اين يوجد مقر التعاضدية بالرباط؟", Intent.DEPOSIT, None),
        ("où déposer la feuille de soins remplie ?", Intent.DEPOSIT, None),
        ("فين ندفع الملف؟", Intent.DEPOSIT, None),
        ("fin ndepose ldossier", Intent.DEPOSIT, None),
    ],
    "validity": [
        ("l'ALD est valable combien de temps ?", Intent.VALIDITY, None),
    ],
    "agreement_request": [
        (
            "comment demander une prise en charge pour une opération",
            Intent.CONTACT,
            "prise_en_charge",
        ),
        ("طلب التكفل بعملية جراحية", Intent.CONTACT, "prise_en_charge"),
        (
            "adresse mail pour l'accord préalable de ma chirurgie",
            Intent.CONTACT,
            "prise_en_charge",
        ),
    ],
    "care": [
        # a provider "de garde" already seen, its papers asked: not a search for one
        (
            "la pharmacie de garde m'a donné des médicaments, quels papiers joindre ?",
            Intent.CATEGORY,
            "pharmacie",
        ),
        # whether a named care needs the agreement, or it was not asked: that care's checklist
        (
            "faut-il demander un accord préalable avant une orthodontie ?",
            Intent.CATEGORY,
            "dentaire",
        ),
        ("هل يلزم طلب موافقة قبل شراء سماعة الأذن؟", Intent.CATEGORY, "protheses"),
        ("wach khass accord 9bel l kiné dyal bnti", Intent.CATEGORY, "reeducation"),
        (
            "hospitalisée sans demander la prise en charge, que faire ?",
            Intent.CATEGORY,
            "hospitalisation",
        ),
        ("lunettes remboursement", Intent.CATEGORY, "optique"),
        ("chno khassni l kine", Intent.CATEGORY, "reeducation"),
        # asking for a named care's papers is not asking for a definition
        ("ما هي الوثائق المطلوبة للترويض", Intent.CATEGORY, "reeducation"),
        ("kiné après une chute", Intent.CATEGORY, "reeducation"),
    ],
    "agreement": [
        ("prise en charge", Intent.CONTACT, "prise_en_charge"),
    ],
    "term": [
        ("entente préalable", Intent.GLOSSARY, "entente_prealable"),
    ],
    "contact_request": [
        ("votre adresse svp", Intent.CONTACT, "reclamation"),
    ],
    "thanks": [
        ("merci beaucoup pour votre aide", Intent.THANKS, None),
    ],
    "help": [
        ("aide", Intent.HELP, None),
    ],
    "greeting": [
        ("bonjour", Intent.GREETING, None),
    ],
    "acknowledgement": [
        ("ok", Intent.THANKS, None),
    ],
    "not_understood": [
        ("le match était super", Intent.UNKNOWN, None),
        ("je veux acheter un nouveau téléphone", Intent.UNKNOWN, None),
        ("", Intent.UNKNOWN, None),
    ],
}


@pytest.fixture(scope="module")
def understander() -> Understander:
    return Understander(load_vocabulary(DEFAULT_VOCABULARY_PATH))


def test_rule_names_are_unique() -> None:
    names = [name for name, _ in RULES]
    assert len(set(names)) == len(names)


def test_every_rule_has_its_messages() -> None:
    assert set(CASES) == {name for name, _ in RULES}
    assert all(CASES.values())


@pytest.mark.parametrize(
    ("rule", "text", "intent", "value"),
    [(rule, *case) for rule, cases in CASES.items() for case in cases],
)
def test_the_rule_decides(
    understander: Understander, rule: str, text: str, intent: Intent, value: str | None
) -> None:
    name, got = understander.decide(text)
    assert (name, got.intent, got.value) == (rule, intent, value)
    # the rule says so itself, and every rule before it leaves the message to the next
    reading = understander.read(text)
    position = [n for n, _ in RULES].index(rule)
    assert RULES[position][1](reading) is not None
    assert all(check(reading) is None for _, check in RULES[:position])


def test_the_last_rule_decides_every_message(understander: Understander) -> None:
    for text in ("", "le match était super", "chno khassni l kine"):
        assert RULES[-1][1](understander.read(text)) is not None


def test_understand_is_what_the_deciding_rule_says(understander: Understander) -> None:
    for phrasing in load_phrasings():
        assert understander.understand(phrasing.text) == understander.decide(phrasing.text)[1]

"""Intent recognition: normalisation, vocabulary validation, priorities, evaluation floors."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.understanding import (
    BLIND2_PHRASINGS,
    BLIND3_PHRASINGS,
    BLIND4_PHRASINGS,
    BLIND5_PHRASINGS,
    BLIND6_PHRASINGS,
    BLIND8_PHRASINGS,
    BLIND9_PHRASINGS,
    BLIND10_PHRASINGS,
    BLIND11_PHRASINGS,
    FRESH_PHRASINGS,
    SETS,
    accuracy,
    by,
    evaluate,
    load_phrasings,
)
from bot.app import load_books
from bot.rulebook import DEFAULT_PATH, load_rulebook
from bot.understanding import (
    DEFAULT_VOCABULARY_PATH,
    Intent,
    Understander,
    Understanding,
    VocabularyError,
    load_vocabulary,
    normalize,
)

# The ids come from the rulebook, the one list of categories, contacts and terms.
_BOOK = load_rulebook()
CATEGORY_IDS = tuple(_BOOK.categories)
CONTACT_IDS = tuple(_BOOK.contacts)
GLOSSARY_IDS = tuple(_BOOK.glossary)


@pytest.fixture(scope="module")
def understander() -> Understander:
    """The shipped vocabulary and examples, as the bot reads messages."""
    return load_books(DEFAULT_PATH)[1]


# --- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rééducation  KINÉ", "reeducation kine"),
        ("Œil  à   l'hôpital", "oeil a l'hopital"),
        ("أإآٱا", "ااااا"),  # hamza and alef forms
        ("مؤسسة", "موسسه"),  # hamza on waw, ta marbuta
        ("على مستشفى", "علي مستشفي"),  # alef maqsura
        ("الدواء", "الدوا"),  # lone hamza
        ("النّظاراتُ", "النظارات"),  # diacritics
        ("نـــظارات", "نظارات"),  # tatweel
        ("٣ أشهر ۴", "3 اشهر 4"),  # Arabic-Indic digits
        ("\u2068Kiné\u2069", "kine"),  # isolates
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


# --- vocabulary file -------------------------------------------------------------------------


def test_shipped_vocabulary_loads() -> None:
    vocabulary = load_vocabulary(DEFAULT_VOCABULARY_PATH)
    assert len(vocabulary.terms) > 1000


MINIMAL = """
[fr.category]
consultation = ["consultation"]
pharmacie = ["pharmacie"]
radiologie_biologie = ["radio"]
optique = ["lunettes"]
reeducation = ["kiné*"]
dentaire = ["dentiste"]
maladie_chronique = ["diabète"]
hospitalisation = ["clinique"]
protheses = ["prothèse"]
accident = ["accident"]
[fr.contact]
reclamation = ["réclamation"]
prise_en_charge = ["prise en charge"]
adhesion = ["adhésion"]
[fr.glossary]
ayant_droit = ["ayant droit"]
ald = ["ald"]
alc = ["alc"]
entente_prealable = ["entente préalable"]
medecin_conseil = ["médecin conseil"]
feuille_de_soins = ["feuille de soins"]
vignette = ["vignette"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vocabulary.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_vocabulary_works(tmp_path: Path) -> None:
    understander = Understander(load_vocabulary(_write(tmp_path, MINIMAL)))
    assert understander.understand("Kinésithérapie").value == "reeducation"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[fr.category2]\nx = ["y"]\n', "fr.category2"),
        ('[fr.cue]\nquestion = ["y"]\n', "fr.cue.question"),
        ('[fr.talk]\nhelp = ["aide", 3]\n', "fr.talk.help[1]"),
        ('[fr.talk]\nhelp = ["aide", ""]\n', "fr.talk.help[1]"),
        ('[fr.talk]\nhelp = ["a*de"]\n', "fr.talk.help[0]"),
        ('[fr.talk]\nhelp = ["k*"]\n', "fr.talk.help[0]"),
        ('[fr.talk]\nhelp = ["aide + "]\n', "fr.talk.help[0]"),
        ('[fr.talk]\nhelp = "aide"\n', "fr.talk.help"),
        ('[en.talk]\nhelp = ["help"]\n', "[en]"),
    ],
)
def test_bad_entry_is_named(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(VocabularyError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_vocabulary(_write(tmp_path, MINIMAL + extra))


GROUP = """
[fr.group]
soignant = ["médecin", "dentiste", "kiné*"]
qualite = ["pas cher", "sérieux"]
[fr.cue]
offtopic = ["cherche|trouver + @soignant", "@soignant @qualite"]
"""


def test_a_group_stands_for_each_of_its_phrases(tmp_path: Path) -> None:
    understander = Understander(load_vocabulary(_write(tmp_path, MINIMAL + GROUP)))
    for text in (
        "je cherche un dentiste",
        "où trouver une kinésithérapeute ?",
        "un kiné pas cher",
    ):
        got = understander.understand(text)
        assert (got.intent, got.value) == (Intent.OUTSIDE, "provider"), text
    for text in ("je cherche", "pas cher le dentiste"):  # side by side: in that order
        assert understander.understand(text).intent is not Intent.OUTSIDE, text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("@soignant", "@soignants"),
            r"fr\.cue\.offtopic\[0\]: unknown group '@soignants'.*@soignant",
        ),
        (
            ('"dentiste"', '"dentiste + cabinet"'),
            r"fr\.group\.soignant\[1\]: a group holds phrases",
        ),
        (('["médecin", "dentiste", "kiné*"]', "[]"), r"fr\.group\.soignant: expected a list"),
        (
            (
                "@soignant @qualite",
                " ".join(["@soignant @qualite"] * 6),
            ),
            r"fr\.cue\.offtopic\[1\]: .* more than 2000 phrases",
        ),
    ],
)
def test_a_bad_group_is_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(VocabularyError, match=message):
        load_vocabulary(_write(tmp_path, MINIMAL + GROUP.replace(*change)))


def test_misspelt_category_id_is_named(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match=r"fr\.category\.optiqe: unknown id"):
        load_vocabulary(_write(tmp_path, MINIMAL.replace("optique =", "optiqe =")))


def test_category_without_words_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="'optique' has no words"):
        load_vocabulary(_write(tmp_path, MINIMAL.replace('optique = ["lunettes"]', "")))


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="not valid TOML"):
        load_vocabulary(_write(tmp_path, "[fr\n"))
    with pytest.raises(VocabularyError, match="cannot read"):
        load_vocabulary(tmp_path / "absent.toml")


def test_staff_can_add_a_word_without_code(tmp_path: Path) -> None:
    before = Understander(load_vocabulary(_write(tmp_path, MINIMAL)))
    assert before.understand("orthoptiste").intent is Intent.UNKNOWN
    text = MINIMAL.replace('reeducation = ["kiné*"]', 'reeducation = ["kiné*", "orthoptiste"]')
    after = Understander(load_vocabulary(_write(tmp_path, text)))
    assert after.understand("orthoptiste").value == "reeducation"


# --- behaviour -------------------------------------------------------------------------------


def _check(
    understander: Understander, text: str, intent: Intent, value: str | None
) -> Understanding:
    got = understander.understand(text)
    assert (got.intent, got.value) == (intent, value), text
    return got


@pytest.mark.parametrize(
    ("text", "intent", "value"),
    [
        ("entente préalable pour la kiné", Intent.CATEGORY, "reeducation"),
        ("qu'est-ce que l'entente préalable ?", Intent.GLOSSARY, "entente_prealable"),
        ("à qui envoyer la demande de prise en charge", Intent.CONTACT, "prise_en_charge"),
        ("mon dossier de lunettes a été rejeté", Intent.CONTACT, "reclamation"),
        ("combien de temps est valable la feuille de soins", Intent.VALIDITY, None),
        ("je pars à la retraite, qui contacter ?", Intent.CONTACT, "adhesion"),
        ("prothèse dentaire", Intent.CATEGORY, "dentaire"),
        ("prothèse auditive", Intent.CATEGORY, "protheses"),
        ("kiné après un accident de voiture", Intent.CATEGORY, "reeducation"),
        ("accident de voiture", Intent.CATEGORY, "accident"),
        ("maladie chronique", Intent.CATEGORY, "maladie_chronique"),
        ("ALD", Intent.CATEGORY, "maladie_chronique"),
        ("c'est quoi l'ALD", Intent.GLOSSARY, "ald"),
        ("bonjour, lunettes svp", Intent.CATEGORY, "optique"),
        ("d'accord merci", Intent.THANKS, None),
        ("bonjour", Intent.GREETING, None),
        ("aide", Intent.HELP, None),
        ("quel est le prix du pain", Intent.UNKNOWN, None),
        ("", Intent.UNKNOWN, None),
        ("👍", Intent.UNKNOWN, None),
    ],
)
def test_priorities(understander: Understander, text: str, intent: Intent, value: str) -> None:
    _check(understander, text, intent, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("kinesitherapie", "reeducation"),
        ("kinésithérapeute", "reeducation"),
        ("ortophonie", "reeducation"),  # missing h
        ("psycomotricite", "reeducation"),
        ("lunnettes", "optique"),  # doubled letter
        ("remboursemnt des lunetes", "optique"),
        ("echographie", "radiologie_biologie"),
        ("hospitlisation", "hospitalisation"),  # typo
        ("النظارات", "optique"),
        ("نظاراتي", "optique"),  # suffix
        ("بالنظارات", "optique"),  # clitic
        ("والأدوية", "pharmacie"),
        ("الأسنــان", "dentaire"),  # tatweel
    ],
)
def test_spelling_tolerance(understander: Understander, text: str, value: str) -> None:
    _check(understander, text, Intent.CATEGORY, value)


@pytest.mark.parametrize(
    ("text", "value", "conditions"),
    [
        ("médicament sans vignette", "pharmacie", {"sans_vignette"}),
        ("الدوا ما فيهش الفينيات", "pharmacie", {"sans_vignette"}),
        ("couronne sur une molaire", "dentaire", {"prothese_canal"}),
        ("traitement de canal", "dentaire", {"prothese_canal"}),
        ("appareil dentaire pour ma fille", "dentaire", {"orthodontie"}),
        ("parodontie", "dentaire", {"soins_speciaux"}),
        ("extractions multiples", "dentaire", {"soins_speciaux"}),
        ("kiné après une chute", "reeducation", {"accident"}),
        ("ta7t o daba kandir kine", "reeducation", {"accident"}),
        ("lunettes", "optique", set()),
    ],
)
def test_conditions(
    understander: Understander, text: str, value: str, conditions: set[str]
) -> None:
    got = _check(understander, text, Intent.CATEGORY, value)
    assert got.conditions == frozenset(conditions)


def test_no_conditions_outside_categories(understander: Understander) -> None:
    assert understander.understand("réclamation accident").conditions == frozenset()


def test_score_is_lower_for_a_typo(understander: Understander) -> None:
    exact = understander.understand("hospitalisation")
    typo = understander.understand("hospitlisation")
    assert 0 < typo.score < exact.score <= 1


def test_common_words_are_not_corrected_into_intents(understander: Understander) -> None:
    for text in ("mon dentiste m'a traité", "je cherche la gare", "أحتاج إلى مساعدة"):
        assert understander.understand(text).intent is not Intent.CONTACT, text


@pytest.mark.parametrize(
    ("text", "intent", "value"),
    [
        # asking for the agreement itself, or where to send it, goes to pec@ whatever the care
        (
            "comment demander une prise en charge pour une opération",
            Intent.CONTACT,
            "prise_en_charge",
        ),
        ("طلب التكفل بعملية جراحية", Intent.CONTACT, "prise_en_charge"),
        ("bghit ntleb entente prealable l operation", Intent.CONTACT, "prise_en_charge"),
        (
            "adresse mail pour l'accord préalable de ma chirurgie",
            Intent.CONTACT,
            "prise_en_charge",
        ),
        # a complaint beats a duration; a duration about sending beats a complaint word
        ("ça fait 3 mois que j'attends mon remboursement", Intent.CONTACT, "reclamation"),
        ("j'ai consulté il y a 4 mois, c'est encore possible d'envoyer ?", Intent.VALIDITY, None),
        # thanks beat help; a bare "ok" thanks only when it is the whole message
        ("merci beaucoup pour votre aide", Intent.THANKS, None),
        ("ok", Intent.THANKS, None),
        ("le match était super", Intent.UNKNOWN, None),
        # the emergency room alone is not a hospitalisation
        ("morsure de chien, soins aux urgences", Intent.CATEGORY, "accident"),
        # one place counts once: "العلاج الطبيعي بعد العملية" is rééducation
        ("العلاج الطبيعي بعد العملية", Intent.CATEGORY, "reeducation"),
        # a change of situation beats a duration ("the month that passed")
        ("ولدي تزاد الشهر اللي فات", Intent.CONTACT, "adhesion"),
        # a lone contact word sends to contact@ only in a short request
        ("votre adresse svp", Intent.CONTACT, "reclamation"),
        ("je veux acheter un nouveau téléphone", Intent.UNKNOWN, None),
        # a part of a combination that does not fire explains nothing ("jdid" of "tzad + jdid")
        ("bghit nchri telephone jdid", Intent.UNKNOWN, None),
        # "when" alone is not about the deadline
        ("match dyal raja fo9ach", Intent.UNKNOWN, None),
        ("fo9ach katsali l feuille", Intent.VALIDITY, None),
        # a cardiologist is a consultation, not a chronic illness
        ("موعد عند طبيب امراض القلب", Intent.CATEGORY, "consultation"),
        ("زرت طبيبا مختصا في أمراض القلب", Intent.CATEGORY, "consultation"),
        # looking for a provider is outside the rules, even with a care word
        ("quelle pharmacie est de garde ce soir", Intent.OUTSIDE, "provider"),
        ("فين كاينة صيدلية الحراسة", Intent.OUTSIDE, "provider"),
        # the mutuelle's phone number is the phone (with the addresses); its address, a contact
        ("3tini numero dyal mutuelle", Intent.HUMAN, None),
        ("3tini l'adresse dyal mutuelle", Intent.CONTACT, "reclamation"),
        ("je veux changer mon numero de telephone a la mutuelle", Intent.CONTACT, "adhesion"),
        # سنة/سنين (year, years) and سن (age) are not a tooth
        ("ابني عمره 22 سنة وطالب، هل هو من ذوي الحقوق؟", Intent.GLOSSARY, "ayant_droit"),
        ("قلعت سني", Intent.CATEGORY, "dentaire"),
        # "she will give birth at the clinic" is a hospitalisation, not a new dependant yet
        ("زوجتي ستضع مولودها في المصحة", Intent.CATEGORY, "hospitalisation"),
    ],
)
def test_general_rules(understander: Understander, text: str, intent: Intent, value: str) -> None:
    _check(understander, text, intent, value)


@pytest.mark.parametrize(
    ("text", "intent", "value"),
    [
        ("شريت النظاضر", Intent.CATEGORY, "optique"),  # ظ/ض written either way
        ("شنو هي لافينيت", Intent.GLOSSARY, "vignette"),  # French article لا kept in Darija
        ("الكونسلطاسيون", Intent.CATEGORY, "consultation"),  # typo after the article
        ("ولدي تزاد جديد كيفاش نسجلو", Intent.CONTACT, "adhesion"),  # Darija ending و
        ("مشيت عند لوبتيسيان", Intent.CATEGORY, "optique"),  # l'opticien: لو = l'o
        ("بغيت ندير ليلونتي", Intent.CATEGORY, "optique"),  # les lunettes: لي = les
        ("كيف يمكنك مساعدتي", Intent.HELP, None),  # تي = ta marbuta + my
        ("زرت طبيبا مختصا", Intent.CATEGORY, "consultation"),  # MSA tanween alef
        ("بابا خاصو آلة ديال السمع", Intent.CATEGORY, "protheses"),  # آلة = الة
        ("chno howa lmedecin conseil", Intent.GLOSSARY, "medecin_conseil"),  # Darija l + French
        ("lkine dyal lbnt", Intent.CATEGORY, "reeducation"),
    ],
)
def test_arabic_spelling(
    understander: Understander, text: str, intent: Intent, value: str
) -> None:
    _check(understander, text, intent, value)


@pytest.mark.parametrize(
    "text",
    [
        "Quel temps fera-t-il demain ?",  # demain is not délai
        "donne moi une recette de tajine",  # recette is not rejeté
        "tu peux me raconter une blague",  # blague is not bague (a letter inside, not at the end)
    ],
)
def test_short_words_are_not_misread_by_one_letter(understander: Understander, text: str) -> None:
    assert understander.understand(text).intent is Intent.UNKNOWN, text


# --- evaluation set --------------------------------------------------------------------------


def test_evaluation_floors(understander: Understander) -> None:
    phrasings = load_phrasings()
    assert len(phrasings) >= 300
    outcomes = evaluate(understander, phrasings)
    assert accuracy(outcomes) >= 0.95
    for script, items in by(outcomes, "script").items():
        assert len(items) >= 30, script
        assert accuracy(items) >= 0.90, script
    heldout = [o for o in outcomes if o.phrasing.heldout]
    assert len(heldout) >= 90
    assert accuracy(heldout) >= 0.90


@dataclass(frozen=True)
class BlindSet:
    """A set written blind (before its writer read the vocabulary) and the floors it must keep."""

    path: Path
    rows: int
    per_script: int
    scripts: tuple[tuple[str, int], ...] = ()  # more rows required in one script
    intents: tuple[tuple[str, int], ...] = ()  # more rows required for one intent


BLIND_SETS = {
    # first untouched run 88.5%
    "fresh": BlindSet(FRESH_PHRASINGS, rows=160, per_script=35),
    # indirect questions, stories, voice-to-text, very short, mixed scripts (93.1%)
    "blind2": BlindSet(BLIND2_PHRASINGS, rows=200, per_script=45),
    # heavy on Darija in Arabic letters and contacts (93.3%)
    "blind3": BlindSet(
        BLIND3_PHRASINGS,
        rows=160,
        per_script=35,
        scripts=(("darija_ar", 50),),
        intents=(("contact", 40),),
    ),
    # populations and phonetic spellings, tricky off-topic (97.3%)
    "blind4": BlindSet(BLIND4_PHRASINGS, rows=160, per_script=40, intents=(("unknown", 10),)),
    # specialists, exams, appliances, polite MSA letters (94.2%)
    "blind5": BlindSet(BLIND5_PHRASINGS, rows=140, per_script=35),
    # formal MSA, with and without hamza and diacritics (97.3%)
    "blind6": BlindSet(BLIND6_PHRASINGS, rows=130, per_script=25, scripts=(("msa", 50),)),
    # questions the rules don't cover, a person, where to deposit; stories (82.1%)
    "blind8": BlindSet(BLIND8_PHRASINGS, rows=370, per_script=80, intents=(("outside", 50),)),
    # voice-to-text, hurried, described cares, words spelled by ear (92.5%)
    "blind9": BlindSet(BLIND9_PHRASINGS, rows=250, per_script=55, intents=(("outside", 30),)),
    # a pregnant woman, a grandson, an angry adherent; French words in Arabic letters (93.8%)
    "blind10": BlindSet(BLIND10_PHRASINGS, rows=240, per_script=55, intents=(("deposit", 15),)),
    # indirect and two-part questions, negations, abbreviated Darija (95.5%)
    "blind11": BlindSet(BLIND11_PHRASINGS, rows=240, per_script=55, intents=(("outside", 35),)),
    # outside the rules, a person, where to deposit (83.1%)
    "blind12": BlindSet(SETS["blind12"], rows=160, per_script=40, intents=(("outside", 60),)),
    # outside the rules, a person, where to deposit, written as question + subject (84.2%)
    "blind13": BlindSet(SETS["blind13"], rows=240, per_script=60, intents=(("outside", 90),)),
    # the same mix, its rows never read (the rules alone 84.6%, with the examples 94.2%)
    "blind14": BlindSet(SETS["blind14"], rows=240, per_script=60, intents=(("outside", 90),)),
    # the same mix, its rows never read (with the examples 93.8%, the rules alone 85.4%)
    "blind15": BlindSet(SETS["blind15"], rows=240, per_script=60, intents=(("outside", 90),)),
    # written after the examples were settled (97.5%, the rules alone 92.5%)
    "blind16": BlindSet(SETS["blind16"], rows=240, per_script=60, intents=(("outside", 80),)),
}


@pytest.mark.parametrize("name", list(BLIND_SETS))
def test_blind_evaluation_floors(understander: Understander, name: str) -> None:
    """Each blind set: ≥ 95% overall, ≥ 90% in each of the four scripts, enough rows in each."""
    blind = BLIND_SETS[name]
    phrasings = load_phrasings(blind.path)
    assert len(phrasings) >= blind.rows
    outcomes = evaluate(understander, phrasings)
    assert accuracy(outcomes) >= 0.95
    scripts = by(outcomes, "script")
    assert set(scripts) == {"fr", "msa", "darija_ar", "darija_latin"}
    for script, items in scripts.items():
        assert len(items) >= blind.per_script, script
        assert accuracy(items) >= 0.90, script
    for script, rows in blind.scripts:
        assert len(scripts[script]) >= rows, script
    intents = by(outcomes, "intent")
    for intent, rows in blind.intents:
        assert len(intents[intent]) >= rows, intent


@pytest.mark.parametrize(
    "text, intent, value",
    [
        # An eye doctor's visit is a consultation (as "ophtalmo" in French); glasses named win.
        ("mchit 3nd tbib dial l3inin, chno nsift?", Intent.CATEGORY, "consultation"),
        ("tbib dyal 3inin ktb lia nadader", Intent.CATEGORY, "optique"),
        ("الطبيب ديال العينين كتب ليا نظارات", Intent.CATEGORY, "optique"),
        ("زرت طبيب العيون، ماذا أرفق؟", Intent.CATEGORY, "consultation"),
        # Who is covered is the dependants' rule; adding someone stays a membership change.
        ("ma femme est-elle couverte ?", Intent.GLOSSARY, "ayant_droit"),
        ("هل تستفيد زوجتي من التغطية؟", Intent.GLOSSARY, "ayant_droit"),
        ("wach mrati mghatya ?", Intent.GLOSSARY, "ayant_droit"),
        ("je veux ajouter mon fils comme bénéficiaire", Intent.CONTACT, "adhesion"),
        ("وقعت في الشارع وكُسرت يدي", Intent.CATEGORY, "accident"),
        (
            "ما هي الوثائق اللازمة لتعويض الفحوصات المخبرية؟",
            Intent.CATEGORY,
            "radiologie_biologie",
        ),
    ],
)
def test_eye_doctors_dependants_falls_and_lab_tests(
    understander: Understander, text: str, intent: Intent, value: str
) -> None:
    got = understander.understand(text)
    assert (got.intent, got.value) == (intent, value)


@pytest.mark.parametrize(
    "text, intent, value",
    [
        # Asking for a care's papers is a checklist question, even worded "ما هي ...".
        ("ما هي الوثائق التي أرفقها بورقة العلاج للترويض؟", Intent.CATEGORY, "reeducation"),
        (
            "quels documents joindre à la feuille de soins pour la kiné",
            Intent.CATEGORY,
            "reeducation",
        ),
        ("chno hiya lwra9 dyal kine", Intent.CATEGORY, "reeducation"),
        ("c'est quoi la feuille de soins", Intent.GLOSSARY, "feuille_de_soins"),
        ("ما هي ورقة العلاج؟", Intent.GLOSSARY, "feuille_de_soins"),
        # والد (parent) is not الالد (the ALD in Arabic letters).
        ("ما هي الوثائق المطلوبة لسماعة والدي؟", Intent.CATEGORY, "protheses"),
        ("والدتي تتلقى العلاج الكيميائي، ما هي الوثائق؟", Intent.CATEGORY, "maladie_chronique"),
        ("شنو هي الالد", Intent.GLOSSARY, "ald"),
    ],
)
def test_papers_question_and_parent_word(
    understander: Understander, text: str, intent: Intent, value: str
) -> None:
    got = understander.understand(text)
    assert (got.intent, got.value) == (intent, value)


@pytest.mark.parametrize(
    "path",
    [
        None,
        FRESH_PHRASINGS,
        BLIND2_PHRASINGS,
        BLIND3_PHRASINGS,
        BLIND4_PHRASINGS,
        BLIND5_PHRASINGS,
        BLIND6_PHRASINGS,
    ],
)
def test_every_intent_is_evaluated(path: Path | None) -> None:
    """The development set has every intent; the older held-out sets, written before the
    intents for what the rules don't cover, only intents that exist."""
    phrasings = load_phrasings(path) if path else load_phrasings()
    intents = {p.intent for p in phrasings}
    if path is None:
        assert intents == {i.value for i in Intent}
    else:
        assert intents <= {i.value for i in Intent}


@pytest.mark.parametrize(
    "path",
    [
        FRESH_PHRASINGS,
        BLIND2_PHRASINGS,
        BLIND3_PHRASINGS,
        BLIND4_PHRASINGS,
        BLIND5_PHRASINGS,
        BLIND6_PHRASINGS,
    ],
)
def test_blind_sets_cover_every_id(path: Path) -> None:
    values = {(p.intent, p.value) for p in load_phrasings(path)}
    expected = (
        {("category", i) for i in CATEGORY_IDS}
        | {("contact", i) for i in CONTACT_IDS}
        | {("glossary", i) for i in GLOSSARY_IDS}
    )
    assert expected <= values


def test_fast_enough(understander: Understander) -> None:
    texts = [p.text for p in load_phrasings()]
    for text in texts:  # warm the caches
        understander.understand(text)
    samples = []
    for text in texts * 3:
        start = time.perf_counter()
        understander.understand(text)
        samples.append(time.perf_counter() - start)
    samples.sort()
    assert samples[len(samples) // 2] < 0.002
    assert samples[int(len(samples) * 0.99)] < 0.005


@pytest.mark.parametrize(
    "text",
    [
        "mon fils est tombé de vélo et s'est cassé le bras",
        "un chien a mordu ma fille",
        "une voiture m'a renversé hier",
        "ولدي طاح من الدروج وتهرس ليه الدراع",
        "عضني كلب",
        "صدمتني سيارة",
        "tle3 3lih tomobil",
        "l kelb 3ddo",
    ],
)
def test_an_accident_told_as_a_story_is_an_accident(understander: Understander, text: str) -> None:
    got = understander.understand(text)
    assert got.intent is Intent.CATEGORY
    assert got.value == "accident" or "accident" in got.conditions


@pytest.mark.parametrize(
    ("text", "intent", "value"),
    [
        ("ولدي عندو تأخر في الكلام", Intent.CATEGORY, "reeducation"),
        ("mon fils a un retard de langage", Intent.CATEGORY, "reeducation"),
        ("التعويض ديالي تأخر بزاف", Intent.CONTACT, "reclamation"),
        ("retard de remboursement", Intent.CONTACT, "reclamation"),
    ],
)
def test_a_delay_is_read_by_its_neighbours(
    understander: Understander, text: str, intent: Intent, value: str
) -> None:
    got = understander.understand(text)
    assert (got.intent, got.value) == (intent, value)


@pytest.mark.parametrize(
    ("text", "care"),
    [
        ("le pédiatre de garde a vu mon fils, que dois-je envoyer ?", "consultation"),
        ("mon dentiste conventionné m'a fait un devis, quels papiers ?", "dentaire"),
        ("tbib snan mzyan dar lia couronne, chno khassni ?", "dentaire"),
        ("مختبر متعاقد دار لي التحاليل، شنو خاصني نصيفط؟", "radiologie_biologie"),
    ],
)
def test_a_provider_named_in_a_turn_of_phrase_still_names_the_care(
    understander: Understander, text: str, care: str
) -> None:
    """Looking for a provider ("un dentiste conventionné") is a turn of phrase: it hides no word
    of the care, so the same words with the papers asked get that care's checklist."""
    got = understander.understand(text)
    assert (got.intent, got.value) == (Intent.CATEGORY, care)
    looking = understander.understand(text.split(",")[0].split("،")[0] + " ?")
    assert (looking.intent, looking.value) == (Intent.OUTSIDE, "provider"), looking

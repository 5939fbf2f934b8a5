"""The decision: what a message asks, from the signals it gives.

A message is read once (:class:`Reading`: its cues, contacts, terms, the kind of care it names
best, by the rulebook's rank and fallbacks), then the rules of :data:`RULES` are tried in order
and the first that decides wins. Each rule has a name, so a test or a benchmark can say which
one decided (:meth:`Understander.decide`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.understanding.examples import Examples
from bot.understanding.matching import STRONG_WEIGHT, Matcher, Signals
from bot.understanding.vocabulary import Vocabulary

FUZZY_PENALTY = 0.85  # the score of a message read through a typo correction
ACK_MAX_UNEXPLAINED = 1  # words outside the vocabulary a mere "ok" may come with
# A lone contact word ("téléphone", "adresse") sends to contact@ only in a short request ("votre
# adresse svp", "comment vous contacter"); "je veux acheter un nouveau téléphone" is off-topic.
CONTACT_MAX_UNEXPLAINED = 1
# The examples (bot/understanding/examples.py) decide instead of the rules (Understander._guessed)
# a question outside the rules, for a person or for the address that the rules read as a care, a
# term or a greeting, when they give it this probability...
GUESS_MIN = 0.5
# ... and a message the rules do not understand, with this one: the rules' not understanding is
# evidence too (an off-topic message shares words with ours: "acheter un nouveau téléphone").
# Both chosen on evaluation sets 2-13, never on sets 14 and 15.
GUESS_MIN_UNKNOWN = 0.75
# Examples this sure decide whatever the rules read (a care for another, a term for a care, a
# contact for a delay...), chosen like the two above.
GUESS_SURE = 0.95
# Else, never against these rules, which decide a combination of signals on purpose (each with
# its own test sentences).
KEPT_RULES = frozenset(
    {"papers_too", "complaint_over_duration", "membership_over_duration", "reimbursement_delay"}
)

# The rulebook ids the rules below name, required from the rulebook when an Understander is built.
NAMED_IDS: Mapping[str, tuple[str, ...]] = {
    "categories": ("consultation",),
    "contacts": ("reclamation", "prise_en_charge", "adhesion"),
    "glossary": ("feuille_de_soins", "entente_prealable"),
}


class Intent(StrEnum):
    """What a message asks for."""

    CATEGORY = "category"
    CONTACT = "contact"
    VALIDITY = "validity"
    GLOSSARY = "glossary"
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    # Outside the rules: amounts and rates, reimbursement delays, finding a provider, opening
    # hours (the value says which); said plainly, with whom to ask, before any checklist.
    OUTSIDE = "outside"
    HUMAN = "human"  # to talk to a person: the phone
    DEPOSIT = "deposit"  # where the dossier goes: the postal address
    UNKNOWN = "unknown"


# What the assistant cannot answer from the rules, or answers with an address: the examples are
# listened to for these above all.
ELSEWHERE = frozenset({Intent.OUTSIDE, Intent.HUMAN, Intent.DEPOSIT})
# What the rules already answer with an address: the examples do not change which one.
ADDRESSED = ELSEWHERE | {Intent.CONTACT}


@dataclass(frozen=True)
class Understanding:
    """A message's intent, its value (category/contact/term id) and the conditions it tells."""

    intent: Intent
    value: str | None = None
    conditions: frozenset[str] = frozenset()
    score: float = 0.0
    care: str | None = None  # with OUTSIDE: the kind of care also named, its checklist after
    # With CATEGORY: the message also asks about the prior agreement ("faut-il un accord avant
    # la kiné ?"): the answer says yes or no before the checklist.
    asks_agreement: bool = False


@dataclass(slots=True)  # built for every message: not frozen, whose __init__ costs more
class Reading:
    """A message's signals, grouped for the rules (worked out once per message)."""

    signals: Signals
    cues: Mapping[str, float]
    contacts: Mapping[str, float]
    glossary: Mapping[str, float]
    talk: Mapping[str, float]
    term: str | None  # the glossary term named best (ties: the rulebook's order)
    category: str | None  # the kind of care named best (the rulebook's rank and fallbacks)
    category_score: float
    # Asks how long the papers stay valid: the validity counts from the first consultation, so
    # "consulté il y a 4 mois" is about it; with another care named it is not.
    validity: bool
    # Asks for a named care's papers ("ما هي الوثائق ... للترويض"), not for a definition.
    asks_papers: bool
    # The best kind of care is named by a strong word or a condition, not a weak hint.
    named: bool


@dataclass(frozen=True)
class Verdict:
    """What a rule decides: the intent, its value and the weight its score comes from."""

    intent: Intent
    value: str | None = None
    weight: float = 0.0


Rule = Callable[[Reading], Verdict | None]


# --- the rules, in the order they are tried ---------------------------------------------------


def off_topic(r: Reading) -> Verdict | None:
    """Looking for a provider ("pharmacie de garde", "أقرب صيدلية"), even with a care word: not
    something the assistant knows (but "la pharmacie de garde m'a donné des médicaments, quels
    papiers ?" asks for the care's papers)."""
    if (
        "offtopic" in r.cues
        and not r.contacts
        and not r.glossary
        and "validity" not in r.cues
        and "documents" not in r.cues
    ):
        return Verdict(Intent.OUTSIDE, "provider", r.cues["offtopic"])
    return None


def complaint_over_duration(r: Reading) -> Verdict | None:
    """A complaint beats a duration ("3 mois que j'attends mon remboursement"), unless the
    duration says more ("sera-t-il rejeté si la feuille a plus de 3 mois ?")."""
    weight = r.contacts.get("reclamation")
    if weight is not None and weight >= r.cues.get("validity", 0.0):
        return Verdict(Intent.CONTACT, "reclamation", weight)
    return None


def membership_over_duration(r: Reading) -> Verdict | None:
    """A change of situation beats a duration ("mon fils est né le mois dernier"), not a
    payment's delay (the transfer to the bank account in how many days)."""
    adhesion = r.contacts.get("adhesion", 0.0)
    if r.validity and adhesion >= r.cues["validity"] and adhesion > r.cues.get("delays", 0.0):
        return Verdict(Intent.CONTACT, "adhesion", r.contacts["adhesion"])
    return None


def papers_too(r: Reading) -> Verdict | None:
    """How much, or when, and the papers of a named care ("combien pour les lunettes ? quels
    papiers ?"): the checklist is asked too, and is what the assistant can answer."""
    if ("amounts" in r.cues or "delays" in r.cues) and "documents" in r.cues and r.named:
        return care(r)
    return None


def reimbursement_delay(r: Reading) -> Verdict | None:
    """When a reimbursement comes ("quand serai-je payé ?", "combien de temps pour traiter un
    dossier maladie ?"): not in the rules (a late one, a complaint, was decided before); but the
    feuille's own deadline, said more strongly, is its validity."""
    delay = r.cues.get("delays", 0.0)
    if delay and ("feuille_de_soins" not in r.glossary or delay > r.cues.get("validity", 0.0)):
        return Verdict(Intent.OUTSIDE, "delays", r.cues["delays"])
    return None


def amounts(r: Reading) -> Verdict | None:
    """How much is reimbursed, at what rate: not in the rules, even with a care named."""
    if "amounts" in r.cues:
        return Verdict(Intent.OUTSIDE, "amounts", r.cues["amounts"])
    return None


def opening_hours(r: Reading) -> Verdict | None:
    """When the mutual's office is open: not in the rules; the phone."""
    if "hours" in r.cues:
        return Verdict(Intent.OUTSIDE, "hours", r.cues["hours"])
    return None


def a_person(r: Reading) -> Verdict | None:
    """Wanting to talk to someone: the phone (a complaint or a membership change was decided
    before, with its address)."""
    if "human" in r.cues:
        return Verdict(Intent.HUMAN, None, r.cues["human"])
    return None


def deposit(r: Reading) -> Verdict | None:
    """Where the dossier goes ("où déposer mon dossier ?"): the postal address, not the
    complaint address."""
    if "deposit" in r.cues:
        return Verdict(Intent.DEPOSIT, None, r.cues["deposit"])
    return None


def validity_of_the_form(r: Reading) -> Verdict | None:
    """The validity, with no term but the form itself ("durée de validité de la feuille")."""
    if r.validity and set(r.glossary) <= {"feuille_de_soins"}:
        return Verdict(Intent.VALIDITY, None, r.cues["validity"])
    return None


def definition(r: Reading) -> Verdict | None:
    """ "c'est quoi l'ALD ?" defines a term (but not when it asks for a named care's papers)."""
    if "definition" in r.cues and r.term is not None and not r.asks_papers:
        return Verdict(Intent.GLOSSARY, r.term, 1.0)
    return None


def complaint(r: Reading) -> Verdict | None:
    """A complaint or a rejected claim goes to contact@."""
    if "reclamation" in r.contacts:
        return Verdict(Intent.CONTACT, "reclamation", r.contacts["reclamation"])
    return None


def care_over_membership(r: Reading) -> Verdict | None:
    """A care named more strongly than a membership word ("je suis la conjointe d'un adhérent,
    le dentiste m'a posé un bridge"), or with its papers asked ("chno nzid f dossier" is not
    "nzid weldi", adding a child), asks for that care's papers."""
    weight = r.contacts.get("adhesion")
    if weight is not None and r.named and (r.category_score > weight or r.asks_papers):
        return care(r)
    return None


def membership(r: Reading) -> Verdict | None:
    """Membership, a spouse or a child, retirement go to adhesion@."""
    if "adhesion" in r.contacts:
        return Verdict(Intent.CONTACT, "adhesion", r.contacts["adhesion"])
    return None


def validity(r: Reading) -> Verdict | None:
    """How long the papers stay valid, whatever term comes with it."""
    if r.validity:
        return Verdict(Intent.VALIDITY, None, r.cues["validity"])
    return None


def agreement_request(r: Reading) -> Verdict | None:
    """Asking for the prior agreement itself ("demander une prise en charge pour l'opération",
    "طلب التكفل بعملية"), or where to send it ("adresse mail pour l'accord préalable de ma
    chirurgie"), goes to pec@ whatever the care; merely naming it is a checklist question."""
    agreement = r.contacts.get("prise_en_charge", 0.0) + r.glossary.get("entente_prealable", 0.0)
    if not agreement:
        return None
    # "هل يلزم طلب موافقة قبل شراء سماعة الأذن؟", "wach khass accord 9bel l kiné": whether a named
    # care needs it, or it was not asked: that care's checklist, its agreement line first.
    asks_whether = "need" in r.cues and r.named and not {"contact", "deposit"} & r.cues.keys()
    if ("request" in r.cues and not asks_whether) or "contact" in r.cues:
        return Verdict(Intent.CONTACT, "prise_en_charge", agreement)
    return None


def care(r: Reading) -> Verdict | None:
    """A kind of care: its checklist."""
    if r.category is not None:
        return Verdict(Intent.CATEGORY, r.category, r.category_score)
    return None


def agreement(r: Reading) -> Verdict | None:
    """The prior agreement with no care named: pec@."""
    if "prise_en_charge" in r.contacts:
        return Verdict(Intent.CONTACT, "prise_en_charge", r.contacts["prise_en_charge"])
    return None


def term(r: Reading) -> Verdict | None:
    """A term named with no question around it: its definition, less sure."""
    if r.term is not None:
        return Verdict(Intent.GLOSSARY, r.term, r.glossary[r.term] * 0.8)
    return None


def contact_request(r: Reading) -> Verdict | None:
    """A way to reach the mutual ("votre adresse svp", "comment vous contacter"): contact@; a lone
    contact word in a longer message ("acheter un nouveau téléphone") is not one."""
    weight = r.cues.get("contact")
    if weight is not None and (
        weight > STRONG_WEIGHT or r.signals.unexplained <= CONTACT_MAX_UNEXPLAINED
    ):
        return Verdict(Intent.CONTACT, "reclamation", weight * 0.7)
    return None


def thanks(r: Reading) -> Verdict | None:
    """ "merci pour votre aide" thanks."""
    if "thanks" in r.talk:
        return Verdict(Intent.THANKS, None, r.talk["thanks"])
    return None


def help_(r: Reading) -> Verdict | None:
    """A bare "aide", "menu" asks for help."""
    if "help" in r.talk:
        return Verdict(Intent.HELP, None, r.talk["help"])
    return None


def greeting(r: Reading) -> Verdict | None:
    """Bonjour, salam."""
    if "greeting" in r.talk:
        return Verdict(Intent.GREETING, None, r.talk["greeting"])
    return None


def acknowledgement(r: Reading) -> Verdict | None:
    """ "ok", "d'accord", "mzyan" thank only when the message says nothing else ("le match était
    super" is not a thank-you)."""
    if "ack" in r.talk and r.signals.unexplained <= ACK_MAX_UNEXPLAINED:
        return Verdict(Intent.THANKS, None, r.talk["ack"] * 0.8)
    return None


def not_understood(r: Reading) -> Verdict | None:
    """Nothing else decided: the menu and the contact address rather than a guess."""
    return Verdict(Intent.UNKNOWN)


RULES: tuple[tuple[str, Rule], ...] = (
    ("off_topic", off_topic),
    ("complaint_over_duration", complaint_over_duration),
    ("membership_over_duration", membership_over_duration),
    ("papers_too", papers_too),
    ("reimbursement_delay", reimbursement_delay),
    ("amounts", amounts),
    ("opening_hours", opening_hours),
    ("agreement_request", agreement_request),
    ("validity_of_the_form", validity_of_the_form),
    ("definition", definition),
    ("complaint", complaint),
    ("care_over_membership", care_over_membership),
    ("membership", membership),
    ("a_person", a_person),
    ("deposit", deposit),
    ("validity", validity),
    ("care", care),
    ("agreement", agreement),
    ("term", term),
    ("contact_request", contact_request),
    ("thanks", thanks),
    ("help", help_),
    ("greeting", greeting),
    ("acknowledgement", acknowledgement),
    ("not_understood", not_understood),
)


# --- the understander ------------------------------------------------------------------------


class Understander:
    """Recognise intents in adherents' messages with a compiled vocabulary and its rulebook,
    and the examples (when given) where the vocabulary's rules are weakest."""

    def __init__(self, vocabulary: Vocabulary, examples: Examples | None = None) -> None:
        self.vocabulary = vocabulary
        self.examples = examples
        self._matcher = Matcher(vocabulary)
        # What the rulebook says about reading: each kind of care's rank and whether it is a
        # fallback, the kind of care a condition implies, the conditions of the general lines
        # (they hold whatever the care: an accident), the glossary in its order (tie-break).
        book = vocabulary.rulebook
        book.require("bot/understanding/decision.py", **NAMED_IDS)
        self._categories = book.categories
        self._rank = {c.id: c.rank for c in book.categories.values()}
        self._fallback = frozenset(c.id for c in book.categories.values() if c.fallback)
        self._condition_category = dict(book.condition_categories)
        self._general_conditions = frozenset(
            cond for item in book.general for cond in item.when | item.unless
        )
        self._glossary_order = {term: n for n, term in enumerate(book.glossary)}

    def understand(self, text: str) -> Understanding:
        """Decide what a message asks."""
        return self.decide(text)[1]

    def decide(self, text: str) -> tuple[str, Understanding]:
        """What a message asks, and the name of the rule (in RULES) that decided it, or
        "examples" when the examples did."""
        reading = self.read(text)
        # the last rule, not_understood, decides every message
        name, verdict = next(
            (name, verdict) for name, rule in RULES if (verdict := rule(reading)) is not None
        )
        guessed = self._guessed(text, name, verdict)
        if guessed is not None:
            return "examples", self._understanding(guessed, reading)
        return name, self._understanding(verdict, reading)

    def _guessed(self, text: str, name: str, verdict: Verdict) -> Verdict | None:
        """The examples' verdict where it stands instead of the rule's: a sure one always; a
        likely question outside the rules, for a person or the address that a rule (not one of
        KEPT_RULES) read as a care, a term or a greeting (not as a contact: that is an address
        already); a likely label for a message the rules do not understand."""
        guess = self.examples.guess(text) if self.examples is not None else None
        if guess is None:
            return None
        intent = Intent(guess.intent)
        if (intent, guess.value) == (verdict.intent, verdict.value):
            return None
        if verdict.intent is Intent.UNKNOWN:
            least = GUESS_MIN_UNKNOWN
        elif intent in ELSEWHERE and verdict.intent not in ADDRESSED and name not in KEPT_RULES:
            least = GUESS_MIN
        else:
            least = GUESS_SURE
        if guess.probability >= least:
            return Verdict(intent, guess.value, guess.probability)
        return None

    def read(self, text: str) -> Reading:
        """A message's signals, grouped for the rules."""
        signals = self._matcher.signals(text)
        cues = signals.ids("cue")
        glossary = signals.ids("glossary")
        category, score, named = self._category(signals)
        contacts = signals.ids("contact")
        if "nocomplaint" in cues:  # "ماشي شكاية، غير بغيت نعرف ..."
            contacts.pop("reclamation", None)
        return Reading(
            signals=signals,
            cues=cues,
            contacts=contacts,
            glossary=glossary,
            talk=signals.ids("talk"),
            term=(
                max(glossary, key=lambda k: (glossary[k], -self._glossary_order[k]))
                if glossary
                else None
            ),
            category=category,
            category_score=score,
            validity="validity" in cues
            and (category in (None, "consultation") or "feuille_de_soins" in glossary),
            asks_papers="documents" in cues and category in named,
            named=category in named,
        )

    def _understanding(self, verdict: Verdict, reading: Reading) -> Understanding:
        penalty = FUZZY_PENALTY if reading.signals.fuzzy else 1.0
        score = round(min(1.0, verdict.weight) * penalty, 3)
        conditions = frozenset[str]()
        if verdict.intent is Intent.CATEGORY and verdict.value:
            conditions = self._conditions(reading.signals, verdict.value)
        care = None
        if verdict.intent is Intent.OUTSIDE and reading.category is not None:
            care = reading.category
            conditions = self._conditions(reading.signals, care)
        asks = verdict.intent is Intent.CATEGORY and (
            "entente_prealable" in reading.glossary or "prise_en_charge" in reading.contacts
        )
        return Understanding(verdict.intent, verdict.value, conditions, score, care, asks)

    def _category(self, signals: Signals) -> tuple[str | None, float, frozenset[str]]:
        """The kind of care named best, its score, and the kinds named by a strong word or a
        condition. A strong word beats a weak hint, any kind beats a fallback, then the score,
        then the lower rank (the more specific)."""
        scores: dict[str, float] = {}
        for ident, weight in signals.ids("category").items():
            scores[ident] = scores.get(ident, 0.0) + weight
        for cond, weight in signals.ids("condition").items():
            cat = self._condition_category[cond]
            scores[cat] = scores.get(cat, 0.0) + weight
        strong = frozenset(scores)
        for ident, weight in signals.ids("weak").items():
            scores[ident] = scores.get(ident, 0.0) + weight

        def rank(ident: str) -> tuple[int, int, float, int]:
            return (
                ident in strong,
                ident not in self._fallback,
                scores[ident],
                -self._rank[ident],
            )

        if not scores:
            return None, 0.0, strong
        best = max(scores, key=rank)
        return best, scores[best], strong

    def _conditions(self, signals: Signals, category: str) -> frozenset[str]:
        """The conditions a message tells that apply to its category: those implying it, those of
        the general lines, and those the category holds ("accident" names its condition too)."""
        conditions = set(signals.ids("condition"))
        for named in signals.ids("category"):
            conditions |= self._categories[named].conditions
        own = self._categories[category].conditions
        return frozenset(
            c
            for c in conditions
            if self._condition_category.get(c) == category
            or c in self._general_conditions
            or c in own
        )

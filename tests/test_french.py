"""French agreement: the participles that follow a document's name agree with it, and no sentence
puts an agreeing word after a document label it cannot know the gender of."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from bot.rulebook import DEFAULT_PATH

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locales" / "fr" / "LC_MESSAGES" / "messages.po"

# article -> (gender, number); None: either gender
ARTICLES: dict[str, tuple[str | None, str]] = {
    "la": ("f", "s"),
    "une": ("f", "s"),
    "le": ("m", "s"),
    "un": ("m", "s"),
    "les": (None, "p"),
    "des": (None, "p"),
    "l'": (None, "s"),
    "du": ("m", "s"),
    "de la": ("f", "s"),
    "de l'": (None, "s"),
    "ma": ("f", "s"),
    "sa": ("f", "s"),
    "mon": (None, "s"),  # "mon ordonnance"
    "son": (None, "s"),
    "votre": (None, "s"),
    "vos": (None, "p"),
    "mes": (None, "p"),
    "ses": (None, "p"),
}
# after these the participle does not agree with the noun ("les soins ont commencé")
AUXILIARIES = frozenset({"a", "ai", "as", "avez", "avons", "ont", "avoir", "ayant"})
# the past participles the checklist lines put after a paper's name, by their masculine stem
PARTICIPLE = re.compile(
    r"(rempli|signé|collé|cacheté|daté|porté|renseigné|traité|pratiqué|acheté|commencé|effectué"
    r"|précisé|demandé|fourni|joint|rédigé|établi|visé|agrafé|tamponné)(e?)(s?)$"
)
# words, «names» and commas, with "l'"/"d'" split off their noun
TOKEN = re.compile(r"«[^»]*»|[a-zà-ÿ]+'|[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*|,", re.IGNORECASE)
WITHIN = 6  # words between a noun and the participle that may agree with it


def agrees(article: str, participle: re.Match[str]) -> bool:
    gender, number = ARTICLES[article.lower()]
    feminine, plural = bool(participle.group(2)), bool(participle.group(3))
    if gender is not None and feminine != (gender == "f"):
        return False
    return plural == (number == "p")


def disagreements(text: str) -> list[str]:
    """The "article noun … participle" groups of a text (a participle at most six words after
    the noun) whose participle agrees with none of the articles before it since the noun's."""
    text = re.sub(r"\([^)]*\)", " ", text)  # "(date, nature, montant)" is an aside
    tokens = [t.lower() for t in TOKEN.findall(text)]
    found = []
    for n, token in enumerate(tokens):
        participle = PARTICIPLE.fullmatch(token)
        if participle is None or (n and tokens[n - 1] in AUXILIARIES):
            continue
        # the articles before it, nearest first, back to the first article of the group
        articles: list[str] = []
        for back in range(n - 1, max(-1, n - WITHIN - 3), -1):
            word = tokens[back]
            pair = f"{tokens[back - 1]} {word}" if back else word
            if pair in ("de la", "de l'") and back:
                articles.append(pair)
            elif word in ARTICLES:
                articles.append(word)
            if (
                word in ARTICLES
                and word not in ("du", "des")
                and (back == 0 or tokens[back - 1] not in ("de",))
            ):
                break
        if not articles:
            continue
        if "de" in tokens[n - WITHIN - 1 : n] and not any(
            a.startswith(("du", "de", "des")) for a in articles
        ):
            continue  # "de maladie chronique": a complement without an article, gender unknown
        if "et" in tokens[n - WITHIN - 1 : n] and participle.group(3):
            continue  # "la dent traitée et l'acte pratiqué, précisés": two nouns, a plural
        if not any(agrees(article, participle) for article in articles):
            found.append(" ".join(tokens[max(0, n - WITHIN - 1) : n + 1]))
    return found


def french_texts(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every French string of the rulebook, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fr" and isinstance(value, str):
                yield where, value
            else:
                yield from french_texts(value, f"{where}.{key}" if where else key)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from french_texts(value, f"{where}[{n}]")


def test_the_check_finds_a_participle_that_does_not_agree() -> None:
    assert disagreements("La déclaration rempli par le médecin")
    assert disagreements("La ligne « accident » remplis")
    assert disagreements("Les vignettes, collée sur l'ordonnance")
    assert disagreements("Une facture signé par le pharmacien")
    # the participle may agree with the complement: the sessions are what was done
    assert not disagreements("Le calendrier des séances effectuées")
    assert not disagreements("Le cadre du médecin rempli par le praticien")
    assert not disagreements("L'entente préalable remplie par le médecin")


def test_the_rulebooks_french_agrees() -> None:
    data = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    texts = list(french_texts(data))
    assert len(texts) > 100
    wrong = [(where, bad) for where, text in texts for bad in disagreements(text)]
    assert wrong == []


@pytest.fixture(scope="module")
def french_catalog() -> list[str]:
    with CATALOG.open("rb") as f:
        catalog = read_po(f, locale="fr")
    texts: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        texts.extend(str(i) for i in ids)
    return texts


def test_the_catalogs_french_agrees(french_catalog: list[str]) -> None:
    wrong = [(text, bad) for text in french_catalog for bad in disagreements(text)]
    assert wrong == []


def test_no_sentence_agrees_a_word_with_a_document_label(french_catalog: list[str]) -> None:
    """A document's label ({what}, {label}) is feminine or masculine, singular or plural (Facture,
    Vignettes de médicaments, Certificat médical): a sentence that puts a participle or an
    article after it or before it would be wrong for some ("Facture … — ajouté")."""
    label = re.compile(r"\{(?:what|label)\}")
    agreeing_after = re.compile(
        r"\{(?:what|label)\}\W*(?:—\s*)?(?P<word>[a-zà-ÿ]+(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues))\b"
    )
    article_before = re.compile(r"\b(?:le|la|les|un|une|du|des|ce|cette|ces)\s+\{(?:what|label)\}")
    with_label = [text for text in french_catalog if label.search(text)]
    assert with_label  # the sentences that name a document by its label are checked
    for text in with_label:
        assert agreeing_after.search(text) is None, text
        assert article_before.search(text) is None, text

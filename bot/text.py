"""Text folding, one place for understanding and recognition.

Two levels:

- :func:`plain` keeps case and Latin accents (a date, an amount or a name is read from it): bidi
  and zero-width marks dropped, Arabic letter variants unified (أ إ آ ٱ → ا, ى ی ئ → ي, ؤ → و,
  ة → ه, ک ڭ گ → ك, ڤ → ف, پ → ب), tatweel and harakat dropped, Arabic-Indic digits made
  ASCII, spaces tidied.
- :func:`fold` is what words are compared on: :func:`plain`, then lower-case, no accents, the
  Latin ligatures spelt out (œ → oe), the apostrophes made one.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"

_PLAIN = str.maketrans(
    {
        **{mark: None for mark in INVISIBLE},
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u0649": "\u064a",  # ى alef maqsura
        "\u06cc": "\u064a",  # ی farsi ya
        "\u0626": "\u064a",  # ئ
        "\u0624": "\u0648",  # ؤ
        "\u0629": "\u0647",  # ة ta marbuta
        "\u06a9": "\u0643",  # ک keheh
        "\u06ad": "\u0643",  # ڭ Moroccan g
        "\u06af": "\u0643",  # گ gaf
        "\u06a4": "\u0641",  # ڤ veh
        "\u067e": "\u0628",  # پ peh
        "\u0640": None,  # tatweel
        "\u00a0": " ",
        "\u202f": " ",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic digits
    }
)
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_LIGATURES = str.maketrans(
    {
        "\u0153": "oe",
        "\u0152": "oe",
        "\u00e6": "ae",
        "\u00c6": "ae",
        "\u00df": "ss",
        "\u2019": "'",
        "\u02bc": "'",
    }
)
_SPACES = re.compile(r"[ \t]+")


def plain(text: str) -> str:
    """Marks and Arabic variants unified; case and Latin accents kept; spaces tidied."""
    text = unicodedata.normalize("NFC", text).translate(_PLAIN)
    text = _HARAKAT.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def strip_accents(text: str) -> str:
    """Every combining mark dropped (é → e; an Arabic letter's hamza or haraka too)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, no accents, Arabic variants unified, ligatures spelt out, spaces tidied."""
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN)
    text = strip_accents(text.casefold()).translate(_PLAIN).translate(_LIGATURES)
    return re.sub(r"\s+", " ", text).strip()

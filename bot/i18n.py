"""Babel catalogs (French, Arabic), per-update translators and right-to-left care for Arabic."""

from __future__ import annotations

import gettext
import html
import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.rulebook import Text

logger = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("fr", "ar")
DEFAULT_LANGUAGE = "fr"
DOMAIN = "messages"

FSI = "\u2068"  # first strong isolate
PDI = "\u2069"  # pop directional isolate

# A run of Latin letters or digits (with the punctuation that lives inside e-mails, phone numbers,
# dates and amounts) inside an Arabic line; brackets stay outside it, with the Arabic text.
_LATIN_RUN = re.compile(
    r"[A-Za-z0-9\u00C0-\u024F@+/]"
    r"(?:(?:[A-Za-z0-9\u00C0-\u024F@._/:+,'’\-]|[ \t])*[A-Za-z0-9\u00C0-\u024F])?"
)
# Parts of a message the isolation must not touch: HTML tags, entities, format placeholders,
# text already isolated.
_PROTECTED = re.compile(r"(<[^>]*>|&#?\w+;|\{[^{}]*\}|\u2068[^\u2069]*\u2069)")


class Safe(str):
    """Text already escaped for Telegram's HTML: formatting it into a sentence does not escape it
    again (as markupsafe's Markup). The translator's methods return it, typed as plain str."""

    __slots__ = ()


RLM = "\u200f"  # right-to-left mark: a strong right-to-left character that shows nothing
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_OPENS = frozenset({"LRI", "RLI", "FSI"})
_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")  # HTML tags and entities: Telegram shows neither


def _first_strong(line: str) -> str | None:
    """The first strong direction of a line as Unicode's rule P2 finds it (isolates skipped)."""
    depth = 0
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in _OPENS:
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and kind in ("L", "R", "AL"):
            return kind
    return None


def right_to_left(text: str) -> str:
    """Every line with Arabic in it laid out right to left: one that would start left to right
    (a leading ℹ️, a Latin word, an e-mail address) gets a right-to-left mark first."""
    if not _ARABIC.search(text):
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if _ARABIC.search(line) and _first_strong(_MARKUP.sub("", line)) not in ("R", "AL"):
            lines[n] = RLM + line
    return "\n".join(lines)


def isolate(value: str) -> str:
    """Wrap a fragment in first-strong isolates so it cannot flip an Arabic line."""
    return f"{FSI}{value}{PDI}"


def isolate_latin(text: str) -> str:
    """Isolate each Latin or numeric run of an Arabic text; tags and placeholders stay."""
    parts = _PROTECTED.split(text)
    for n in range(0, len(parts), 2):
        parts[n] = _LATIN_RUN.sub(lambda m: isolate(m.group(0)), parts[n])
    return "".join(parts)


def compile_catalogs(locales_dir: Path = LOCALES_DIR) -> None:
    """Compile each .po into its .mo when the .mo is missing or older (as `pybabel compile`)."""
    for lang in LANGUAGES:
        po_path = locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            mo_path.write_bytes(_compile(po_path, lang))
        except OSError:
            logger.warning("Cannot write %s; the catalog is compiled in memory", mo_path)


def _compile(po_path: Path, lang: str) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@cache
def _translations(lang: str, locales_dir: Path) -> gettext.NullTranslations:
    po_path = locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and (
        not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
    ):
        with mo_path.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if po_path.exists():
        return Translations(io.BytesIO(_compile(po_path, lang)), domain=DOMAIN)
    logger.error("No catalog for %s in %s", lang, locales_dir)
    return gettext.NullTranslations()


class Translator:
    """Everything a handler needs to speak one language: messages, plurals, rulebook texts."""

    def __init__(self, lang: str, locales_dir: Path = LOCALES_DIR) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._catalog = _translations(self.lang, locales_dir)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Translator) and (self.lang, self._catalog) == (
            other.lang,
            other._catalog,
        )

    def __hash__(self) -> int:
        return hash((self.lang, id(self._catalog)))

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"

    def gettext(self, message: str, /, **values: Any) -> str:
        """Translate a French message, then fill in its values (escaped, isolated in Arabic)."""
        return self._format(self._catalog.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """Translate a message that depends on a count (six plural forms in Arabic)."""
        values.setdefault("n", n)
        return self._format(self._catalog.ngettext(singular, plural, n), values)

    def text(self, text: Text) -> str:
        """A rulebook text in this language, HTML-escaped and right-to-left safe."""
        return self.plain(text.get(self.lang))

    def plain(self, value: str) -> str:
        """Any text to show as it is: HTML-escaped, Latin runs isolated in Arabic."""
        escaped = html.escape(value, quote=False)
        return Safe(isolate_latin(escaped) if self.rtl else escaped)

    def value(self, value: object) -> str:
        """A value inside a sentence: escaped (unless already Safe), and isolated in Arabic."""
        escaped = value if isinstance(value, Safe) else html.escape(str(value), quote=False)
        return Safe(isolate(escaped) if self.rtl else escaped)

    def _format(self, template: str, values: dict[str, Any]) -> str:
        if self.rtl:
            template = isolate_latin(template)
        if not values:
            return Safe(template)
        return Safe(template.format(**{key: self.value(v) for key, v in values.items()}))


def translators(locales_dir: Path = LOCALES_DIR) -> Iterator[Translator]:
    """One translator per language of the bot."""
    for lang in LANGUAGES:
        yield Translator(lang, locales_dir)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message

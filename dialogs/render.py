"""Rendering shared by the dialogs: every message fits in one Telegram message."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator

# Telegram's limit is 4,096 characters of text once the HTML is parsed, counted in UTF-16 code
# units; measuring the HTML source the same way is stricter, so what fits here fits there.
MAX_MESSAGE = 4096


def length(text: str) -> int:
    """A text's length as Telegram counts it (UTF-16 code units: an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def fit(tr: Translator, lines: Sequence[str], limit: int = MAX_MESSAGE) -> str:
    """The lines as one message; past the limit, the last ones folded into "… N more lines"
    (whole lines only, so no HTML tag is cut)."""
    text = "\n".join(lines)
    if length(text) <= limit:
        return text
    kept: list[str] = []
    for index, line in enumerate(lines):
        rest = len(lines) - index
        fold = tr.ngettext("… et {n} ligne de plus", "… et {n} lignes de plus", rest)
        if length("\n".join([*kept, line, fold])) > limit:
            return "\n".join([*kept, fold])
        kept.append(line)
    return text

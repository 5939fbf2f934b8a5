"""📄 Bordereau: a dossier's cover sheet, one A4 page to print and put on top of its papers.

It names the beneficiary, the care, the pieces in the order to staple them (☑ had, ☐ missing,
⚠ at risk), the date to send before, MUPRAS's postal address (the rulebook's [office]) and an
empty box for the matricule, written by hand: the bot never asks for the matricule nor stores it.
The PDF is built in memory and sent as a document; nothing of it is written to disk, so there is
nothing for /forget to erase (Telegram keeps the message, as it keeps every other one).

Arabic is shaped and laid right to left by fpdf2's text shaping (HarfBuzz, through uharfbuzz) in
Noto Naskh Arabic; French is in Noto Sans; the marks come from DejaVu Sans (no font prints ✅ or
⬜, colour emoji, so the sheet uses their printable cousins ☑ and ☐). The fonts are Debian's
fonts-noto-core and fonts-dejavu-core, found the first time a sheet is made.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import Update

from bot import callbacks
from bot.context import Context
from bot.domain import DossierState, dossier_state
from bot.domain.deadlines import today as morocco_today
from bot.i18n import Translator
from bot.rulebook import ItemKind, Line, LineState, Rulebook
from bot.storage import Beneficiary
from dialogs.render import after_colon, finding_text, format_day, line_text

if TYPE_CHECKING:
    from dialogs.coversheet_pdf import Sheet

logger = logging.getLogger(__name__)

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts"),
)
# Family -> (regular, bold) file names, and the Debian package that has them.
FONT_FILES = {
    "naskh": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    "sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "marks": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
}
FONT_PACKAGES = "fonts-noto-core fonts-dejavu-core"

MARKS = {LineState.HAVE: "☑", LineState.MISSING: "☐", LineState.CONDITIONAL: "☐"}
RISK_MARK = "⚠"
MARGIN = 15.0  # mm
ADDRESS_BOX = 38.0  # mm kept at the foot of the page for the address
SIZES = (11.0, 10.0, 9.0, 8.0, 7.0)  # points: the largest with which the sheet fits one page


class FontsMissing(RuntimeError):
    """A font the cover sheet needs is not installed; the message says which and how to fix."""


@cache
def font_files() -> dict[str, tuple[Path, Path]]:
    """Each font family's regular and bold files, found once (FontsMissing if one is not)."""
    found: dict[str, tuple[Path, Path]] = {}
    for family, names in FONT_FILES.items():
        paths = [_find(name) for name in names]
        missing = [name for name, path in zip(names, paths, strict=True) if path is None]
        if missing:
            raise FontsMissing(
                f"the cover sheet needs the font {', '.join(missing)} (not found under "
                f"{', '.join(map(str, FONT_DIRS))}): apt-get install {FONT_PACKAGES}"
            )
        regular, bold = paths
        assert regular is not None and bold is not None
        found[family] = (regular, bold)
    return found


def _find(name: str) -> Path | None:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    return next(iter(sorted(FONT_DIRS[-1].rglob(name))), None) if FONT_DIRS[-1].is_dir() else None


@dataclass(frozen=True)
class Entry:
    """One line of the sheet's list: its mark, its number (as the bot numbers it) and text."""

    mark: str
    number: str
    text: str


def _pdf_text(text: str) -> str:
    """A bot text as the PDF prints it: HTML entities back to characters. The isolates stay:
    fpdf2's bidi honours them, so "1.", a date or a phone number keeps its order in Arabic."""
    return html.unescape(text)


def beneficiary_line(tr: Translator, state: DossierState) -> str:
    _ = tr.gettext
    dossier = state.dossier
    name = dossier.beneficiary_name
    if dossier.beneficiary is Beneficiary.SPOUSE:
        who = _("conjoint(e)")
        if not name:
            return _("Bénéficiaire : votre conjoint(e)")
    elif dossier.beneficiary is Beneficiary.CHILD:
        who = _("enfant")
        if not name:
            return _("Bénéficiaire : votre enfant")
    else:
        return _("Bénéficiaire : vous-même (l'adhérent)")
    return _("Bénéficiaire : {name} ({who})", name=name, who=who)


def entries(tr: Translator, rulebook: Rulebook, state: DossierState) -> list[Entry]:
    """The pieces in the checklist's order (the order to staple them), each with its mark and
    the number the bot gives it; the lines to check first; then the risks, the papers' too."""
    checklist = state.checklist
    numbers = {id(line): n for n, line in enumerate(checklist.numbered, start=1)}
    pieces: list[Entry] = []
    risks: list[Entry] = []
    for line in checklist.lines:
        text = _line_text(tr, line)
        if line.state is LineState.RISK or (
            line.state is LineState.CONDITIONAL and line.item.kind is ItemKind.RISK
        ):
            risks.append(Entry(RISK_MARK, "", text))
        elif line.state in MARKS:
            # "1." stays "1." in Arabic, as in the bot's checklist.
            number = _pdf_text(tr.value(f"{numbers[id(line)]}.")) if id(line) in numbers else ""
            pieces.append(Entry(MARKS[line.state], number, text))
    risks += [
        Entry(RISK_MARK, "", _pdf_text(finding_text(tr, rulebook, f))) for f in state.findings
    ]
    return pieces + risks


def _line_text(tr: Translator, line: Line) -> str:
    text = _pdf_text(line_text(tr, line))  # with the checks folded into it
    if line.condition is None:
        return text
    text = after_colon(tr, text)
    condition = _pdf_text(tr.text(line.condition))
    condition = condition[:1].upper() + condition[1:]
    return _pdf_text(tr.gettext("{condition} : {text}", condition=condition, text=text))


def deadline_lines(tr: Translator, state: DossierState, today: dt.date) -> list[str]:
    _ = tr.gettext
    lines = []
    for due in state.dues:
        day = format_day(due.last_day.isoformat())
        if due.kind == "renew":
            lines.append(
                _("Déclaration de maladie chronique à renouveler avant le {date}", date=day)
            )
            continue
        lines.append(_("À envoyer avant le {date}", date=day))
        if due.days_left(today) < 0:
            lines.append(_("Ce délai est passé : le dossier risque d'être rejeté."))
    return [_pdf_text(line) for line in lines]


def cover_sheet(
    tr: Translator, rulebook: Rulebook, state: DossierState, *, today: dt.date | None = None
) -> bytes:
    """The cover sheet of a dossier as PDF bytes: one page, in the translator's language."""
    day = today or morocco_today()
    for size in SIZES:
        pdf = _draw(tr, rulebook, state, size, day)
        try:
            if pdf.pages_count == 1 or size == SIZES[-1]:
                return bytes(pdf.output())
        finally:
            pdf.close_fonts()
    raise AssertionError("unreachable")


def _draw(
    tr: Translator, rulebook: Rulebook, state: DossierState, size: float, today: dt.date
) -> Sheet:
    # fpdf2 (0.2 s of imports) is loaded with the first cover sheet, not with every start
    from dialogs.coversheet_pdf import Sheet

    _ = tr.gettext
    dossier = state.dossier
    pdf = Sheet(tr, size)
    pdf.matricule_box(_pdf_text(_("Matricule de l'adhérent (à écrire à la main)")))
    # The title beside the box, on the language's start side.
    title_w = pdf.w - pdf.l_margin - pdf.r_margin - 75
    title_x = pdf.w - pdf.r_margin - title_w if pdf.rtl else pdf.l_margin
    pdf.set_xy(title_x, pdf.t_margin)
    pdf.font(1.9, bold=True)
    align = "R" if pdf.rtl else "L"
    pdf.multi_cell(title_w, size * 0.9, _pdf_text(_("Bordereau de dépôt")), align=align)
    pdf.set_x(title_x)
    pdf.font(1.1)
    pdf.multi_cell(
        title_w,
        pdf.line_height * 1.1,
        _pdf_text(
            _(
                "Dossier de maladie n° {number} · préparé le {date}",
                number=dossier.id,
                date=format_day(today.isoformat()),
            )
        ),
        align=align,
    )
    pdf.set_y(max(pdf.get_y(), pdf.matricule_bottom) + 5)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    care = rulebook.category(dossier.category).name
    pdf.para(_pdf_text(beneficiary_line(tr, state)), scale=1.15, bold=True)
    pdf.para(_pdf_text(_("Soins : {care}", care=care.get(tr.lang))), scale=1.15, bold=True)
    for line in deadline_lines(tr, state, today):
        pdf.para(line, scale=1.15, bold=True)
    pdf.ln(3)
    listed = entries(tr, rulebook, state)
    pieces = [e for e in listed if e.mark != RISK_MARK]
    risks = [e for e in listed if e.mark == RISK_MARK]
    pdf.para(_pdf_text(_("Pièces, dans l'ordre où les agrafer")), scale=1.2, bold=True, gap=1)
    for entry in pieces:
        pdf.entry(entry)
    if risks:
        pdf.ln(2)
        pdf.para(_pdf_text(_("À vérifier avant l'envoi")), scale=1.2, bold=True, gap=1)
        for entry in risks:
            pdf.entry(entry)
    pdf.ln(2)
    legend = " · ".join(
        [
            MARKS[LineState.HAVE] + " " + _("vous l'avez"),
            MARKS[LineState.MISSING] + " " + _("à réunir"),
            RISK_MARK + " " + _("risque de rejet"),
        ]
    )
    pdf.para(_pdf_text(legend), scale=0.85)
    pdf.para(
        _pdf_text(
            _(
                "Le matricule n'est ni demandé ni enregistré par l'assistant : écrivez-le "
                "vous-même dans la case."
            )
        ),
        scale=0.85,
    )
    office = rulebook.office
    pdf.address_box(
        _pdf_text(_("À déposer ou à envoyer à :")),
        [
            office.name,
            _pdf_text(tr.text(office.address)),
            _pdf_text(
                _(
                    "Tél. {phone} · Fax {fax} · {website}",
                    phone=office.phone,
                    fax=office.fax,
                    website=office.website,
                )
            ),
        ],
    )
    return pdf


def filename(state: DossierState) -> str:
    return f"bordereau-dossier-{state.dossier.id}.pdf"


async def send_cover_sheet(update: Update, context: Context) -> None:
    """dp:<dossier>: the dossier's cover sheet, a one-page PDF to print, sent as a document."""
    query = update.callback_query
    assert query is not None
    tr = context.tr
    values = callbacks.pressed(update, callbacks.COVER)
    user = update.effective_user
    dossier = None
    if values is not None and user is not None:
        ident, token = values.ref(0)
        dossier = context.storage.dossier(ident, user.id, token=token)
    if dossier is None or update.effective_chat is None:
        await query.answer(tr.gettext("Ce dossier n'existe plus."), show_alert=True)
        return
    state = dossier_state(context.rulebook, context.storage, dossier)
    loop = asyncio.get_running_loop()
    try:
        data = await loop.run_in_executor(None, cover_sheet, tr, context.rulebook, state)
    except FontsMissing as exc:
        logger.error("No cover sheet: %s", exc)
        await query.answer(
            tr.gettext("Le bordereau ne peut pas être préparé pour le moment."), show_alert=True
        )
        return
    await query.answer()
    await context.bot.send_document(
        update.effective_chat.id,
        data,
        filename=filename(state),
        caption=tr.gettext(
            "📄 Le bordereau du dossier n° {number} : imprimez-le, écrivez votre matricule dans "
            "la case et posez-le sur vos papiers, agrafés dans l'ordre de la liste.",
            number=dossier.id,
        ),
    )

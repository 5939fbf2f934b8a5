"""The cover sheet's A4 page (dialogs/coversheet.py draws on it): fpdf2, imported with the first
sheet rather than at every start."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.i18n import Translator
from dialogs.coversheet import ADDRESS_BOX, MARGIN, Entry, font_files


class Sheet(FPDF):
    """An A4 page in one language: the writing helpers mirror themselves for Arabic."""

    def __init__(self, tr: Translator, size: float) -> None:
        super().__init__(format="A4", unit="mm")
        self.rtl = tr.rtl
        self.size = size
        fonts = font_files()
        for family, (regular, bold) in fonts.items():
            self.add_font(family, "", str(regular))
            self.add_font(family, "B", str(bold))
        self.body = "naskh" if self.rtl else "sans"
        self.set_fallback_fonts(["sans", "marks"] if self.rtl else ["marks"])
        self.set_text_shaping(True, direction="rtl" if self.rtl else "ltr")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + ADDRESS_BOX + 4)
        self.set_title(tr.gettext("Bordereau de dépôt"))
        self.set_creator("MUPRAS assistant")
        self.add_page()

    def close_fonts(self) -> None:
        """Close the font files fontTools keeps open (it reads them lazily)."""
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    @property
    def line_height(self) -> float:
        return self.size * 0.55

    def font(self, scale: float = 1.0, bold: bool = False, family: str | None = None) -> None:
        self.set_font(family or self.body, "B" if bold else "", self.size * scale)

    def para(self, text: str, *, scale: float = 1.0, bold: bool = False, gap: float = 0) -> None:
        """A paragraph across the page, aligned to the language's start."""
        self.font(scale, bold)
        self.set_x(self.l_margin)
        self.multi_cell(
            0,
            self.line_height * scale,
            text,
            align="R" if self.rtl else "L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(gap)

    def entry(self, entry: Entry) -> None:
        """A mark, a number and a text that wraps beside them."""
        mark_w, number_w = self.size * 0.6, self.size * 0.75
        width = self.w - self.l_margin - self.r_margin
        top = self.get_y()
        if top + self.line_height > self.page_break_trigger:
            self.add_page()  # the sheet no longer fits: a smaller size is tried
            top = self.get_y()
        start = self.l_margin
        if self.rtl:
            mark_x = start + width - mark_w
            number_x = mark_x - number_w
            text_x, text_w = start, width - mark_w - number_w
        else:
            mark_x, number_x = start, start + mark_w
            text_x, text_w = start + mark_w + number_w, width - mark_w - number_w
        self.font(1.15, family="marks")
        self.set_xy(mark_x, top)
        self.cell(mark_w, self.line_height, entry.mark, align="C")
        self.font(bold=True)
        self.set_xy(number_x, top)
        self.cell(number_w, self.line_height, entry.number, align="R" if self.rtl else "L")
        self.font()
        self.set_xy(text_x, top)
        self.multi_cell(
            text_w,
            self.line_height,
            entry.text,
            align="R" if self.rtl else "L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(self.line_height * 0.25)

    def matricule_box(self, label: str) -> None:
        """The labelled empty box, at the top on the language's end side."""
        box_w, box_h = 70.0, 12.0
        x = self.l_margin if self.rtl else self.w - self.r_margin - box_w
        y = self.t_margin
        self.font(0.8, bold=True)
        self.set_xy(x, y)
        self.multi_cell(box_w, self.line_height * 0.8, label, align="R" if self.rtl else "L")
        top = self.get_y() + 1
        self.set_line_width(0.5)
        self.rect(x, top, box_w, box_h)
        self.set_line_width(0.2)
        self.matricule_bottom = top + box_h

    def address_box(self, heading: str, lines: Sequence[str]) -> None:
        """The postal address, framed at the foot of the page."""
        top = self.h - MARGIN - ADDRESS_BOX
        width = self.w - self.l_margin - self.r_margin
        self.set_line_width(0.4)
        self.rect(self.l_margin, top, width, ADDRESS_BOX)
        self.set_line_width(0.2)
        auto, margin = self.auto_page_break, self.b_margin
        self.set_auto_page_break(False)
        self.set_xy(self.l_margin + 3, top + 2)
        inner = width - 6
        align = "R" if self.rtl else "L"
        self.font(0.9, bold=True)
        self.multi_cell(inner, self.line_height, heading, align=align, new_x=XPos.LMARGIN)
        for n, line in enumerate(lines):
            self.set_x(self.l_margin + 3)
            self.font(1.05 if n == 0 else 0.95, bold=n == 0)
            self.multi_cell(inner, self.line_height * 1.05, line, align=align, new_x=XPos.LMARGIN)
        self.set_auto_page_break(auto, margin)

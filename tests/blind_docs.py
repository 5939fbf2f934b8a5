"""Independent ("blind") generator of claim-document photos for recognition tests.

Written without looking at the classifier's vocabulary or at tests/synthetic_docs.py: each of the
12 document types is drawn the way real Moroccan documents look (letterheads, bilingual headings,
tables, stamps, handwriting-like fills, stickers, X-ray films), then degraded like a phone photo
(rotation, perspective, table background, uneven light, blur, JPEG 45-60, long side ~1280 px,
sometimes a thumb or a cropped edge). Every name and number is invented. Deterministic by seed.

    python -m tests.blind_docs OUT_DIR [--per-type 10] [--seed 1000]
"""

from __future__ import annotations

import argparse
import io
import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bot.recognition.doctypes import DocType

# Every type the recognition knows, but "unknown".
DOC_TYPES: tuple[str, ...] = tuple(t.value for t in DocType if t is not DocType.UNKNOWN)

_DJ = "/usr/share/fonts/truetype/dejavu/"
_NO = "/usr/share/fonts/truetype/noto/"
_AM = "/usr/share/fonts/opentype/fonts-hosny-amiri/"
LATIN = {
    "sans": [
        _DJ + "DejaVuSans.ttf",
        _NO + "NotoSans-Regular.ttf",
        _DJ + "DejaVuSansCondensed.ttf",
    ],
    "serif": [_DJ + "DejaVuSerif.ttf", _NO + "NotoSerif-Regular.ttf"],
    "bold": [
        _DJ + "DejaVuSans-Bold.ttf",
        _NO + "NotoSans-Bold.ttf",
        _DJ + "DejaVuSerif-Bold.ttf",
        _NO + "NotoSerif-Bold.ttf",
    ],
    "hand": [
        _DJ + "DejaVuSerif-Italic.ttf",
        _NO + "NotoSans-Italic.ttf",
        _NO + "NotoSerif-Italic.ttf",
        _DJ + "DejaVuSansCondensed-Oblique.ttf",
        _DJ + "DejaVuSerifCondensed-Italic.ttf",
    ],
    "mono": [_DJ + "DejaVuSansMono.ttf"],
}
ARABIC = [
    _NO + "NotoNaskhArabic-Regular.ttf",
    _NO + "NotoSansArabic-Regular.ttf",
    _AM + "Amiri-Regular.ttf",
    _NO + "NotoKufiArabic-Regular.ttf",
]
ARABIC_BOLD = [
    _NO + "NotoNaskhArabic-Bold.ttf",
    _NO + "NotoSansArabic-Bold.ttf",
    _AM + "Amiri-Bold.ttf",
    _NO + "NotoKufiArabic-Bold.ttf",
]

_font_cache: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    key = (path, size)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(path, size)
    return _font_cache[key]


# ---------------------------------------------------------------- invented people and places
FIRST = [
    "Hamza",
    "Zineb",
    "Othmane",
    "Khadija",
    "Youssef",
    "Meryem",
    "Rachid",
    "Houda",
    "Mehdi",
    "Souad",
    "Adil",
    "Latifa",
    "Anas",
    "Ghita",
    "Driss",
    "Loubna",
    "Tarik",
    "Asmae",
    "Reda",
    "Hind",
    "Amine",
    "Siham",
    "Brahim",
    "Kenza",
    "Omar",
    "Naima",
    "Ilyas",
    "Rim",
]
LAST = [
    "Berrada",
    "Kettani",
    "Lahlou",
    "Chraibi",
    "Benjelloun",
    "Sqalli",
    "Idrissi",
    "Ouazzani",
    "Fassi Fihri",
    "Zniber",
    "Hajji",
    "Naciri",
    "Bekkali",
    "Tahiri",
    "Mernissi",
    "Guessous",
    "Skalli",
    "El Ouafi",
    "Benkirane",
    "Tazrouti",
    "Amzil",
    "Bouzidi",
    "Raiss",
    "Filali",
]
CITIES = [
    "Rabat",
    "Casablanca",
    "Fès",
    "Meknès",
    "Marrakech",
    "Agadir",
    "Tanger",
    "Oujda",
    "Kénitra",
    "Salé",
    "Tétouan",
    "El Jadida",
    "Béni Mellal",
    "Safi",
]
STREETS = [
    "Bd Mohammed V",
    "Av. Hassan II",
    "Rue Ibn Sina",
    "Bd Zerktouni",
    "Av. des FAR",
    "Rue Oued Ziz",
    "Av. Moulay Youssef",
    "Bd Abdelmoumen",
    "Rue Al Khalil",
    "Av. Allal El Fassi",
    "Rue Patrice Lumumba",
    "Bd Anfa",
    "Rue de Tanger",
    "Av. Ibn Rochd",
]
SPECIALTIES = [
    ("Médecine générale", "الطب العام"),
    ("Pédiatrie", "طب الأطفال"),
    ("Cardiologie", "أمراض القلب والشرايين"),
    ("Gynécologie - Obstétrique", "أمراض النساء والتوليد"),
    ("Endocrinologie - Diabétologie", "أمراض الغدد والسكري"),
    ("Rhumatologie", "أمراض الروماتيزم"),
    ("Médecine interne", "الطب الباطني"),
    ("Traumatologie - Orthopédie", "جراحة العظام والمفاصل"),
    ("ORL", "أمراض الأنف والأذن والحنجرة"),
    ("Pneumo-phtisiologie", "أمراض الرئة والحساسية"),
]
DRUGS = [
    ("DOLIPRANE 1000 mg", "cp", 14.80),
    ("AMOXIL 1 g", "cp", 52.30),
    ("AUGMENTIN 1 g/125 mg", "sachet", 98.60),
    ("SPASFON 80 mg", "cp", 25.40),
    ("GLUCOPHAGE 850 mg", "cp", 31.20),
    ("AMLOR 5 mg", "gél", 88.50),
    ("LEVOTHYROX 50 µg", "cp", 27.90),
    ("VOLTARENE 50 mg", "cp", 34.70),
    ("MOPRAL 20 mg", "gél", 110.00),
    ("CLAMOXYL 500 mg", "gél", 39.10),
    ("ZYRTEC 10 mg", "cp", 45.80),
    ("KARDEGIC 75 mg", "sachet", 23.60),
    ("DAFALGAN CODEINE", "cp", 29.50),
    ("TAHOR 20 mg", "cp", 187.20),
    ("VENTOLINE 100 µg", "bouffée", 36.40),
    ("RHINATHIOL sirop", "c. à café", 27.00),
    ("MAXILASE sirop", "c. à soupe", 33.90),
    ("SURGAM 200 mg", "cp", 41.60),
    ("LASILIX 40 mg", "cp", 19.80),
    ("DIAMICRON 60 mg", "cp", 76.40),
    ("FERVEX", "sachet", 38.20),
    ("CO-RENITEC", "cp", 124.50),
    ("ASPEGIC 500", "sachet", 17.40),
]
MONTHS = [
    "Janvier",
    "Février",
    "Mars",
    "Avril",
    "Mai",
    "Juin",
    "Juillet",
    "Août",
    "Septembre",
    "Octobre",
    "Novembre",
    "Décembre",
]


class Ctx:
    """Random draws for one document."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.np = np.random.default_rng(seed)

    def name(self) -> str:
        last = self.r.choice(LAST)
        return (
            f"{last.upper()} {self.r.choice(FIRST)}"
            if self.r.random() < 0.6
            else f"{self.r.choice(FIRST)} {last}"
        )

    def doctor(self) -> str:
        return f"Dr {self.r.choice(FIRST)} {self.r.choice(LAST).upper()}"

    def date(self, year: int | None = None) -> str:
        y = year or self.r.choice([2022, 2023, 2024, 2025])
        return f"{self.r.randint(1, 28):02d}/{self.r.randint(1, 12):02d}/{y}"

    def phone(self) -> str:
        return "05 " + " ".join(f"{self.r.randint(10, 99)}" for _ in range(4))

    def address(self) -> str:
        return f"{self.r.randint(2, 180)}, {self.r.choice(STREETS)}, {self.r.choice(CITIES)}"

    def money(self, lo: float, hi: float) -> float:
        return round(self.r.uniform(lo, hi) / 5) * 5.0


def fmt(v: float, comma: bool = True) -> str:
    s = f"{v:,.2f}".replace(",", " ")
    return s.replace(".", ",") if comma else s


# ---------------------------------------------------------------- page drawing
class Page:
    W, H = 1240, 1754

    def __init__(
        self,
        cx: Ctx,
        paper: tuple[int, int, int] | None = None,
        size: tuple[int, int] | None = None,
    ) -> None:
        self.cx = cx
        self.r = cx.r
        w, h = size or (self.W, self.H)
        self.w, self.h = w, h
        base = paper or (
            self.r.randint(238, 255),
            self.r.randint(236, 253),
            self.r.randint(228, 250),
        )
        self.img = Image.new("RGB", (w, h), base)
        self.d = ImageDraw.Draw(self.img)
        self.y = self.r.randint(50, 90)
        self.margin = self.r.randint(70, 110)
        self.ink = self.r.choice([(20, 20, 20), (35, 35, 45), (10, 10, 30)])
        self.pen = self.r.choice([(25, 45, 150), (20, 30, 110), (30, 30, 30), (15, 60, 140)])
        self.sans = self.r.choice(LATIN["sans"] + LATIN["serif"])
        self.bold = self.r.choice(LATIN["bold"])
        self.arfont = self.r.choice(ARABIC)
        self.arbold = self.r.choice(ARABIC_BOLD)
        self.size = self.r.randint(23, 28)

    # basic text
    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: int | None = None,
        font: str | None = None,
        fill: tuple[int, int, int] | None = None,
        anchor: str = "la",
    ) -> float:
        f = _font(font or self.sans, size or self.size)
        self.d.text((x, y), s, font=f, fill=fill or self.ink, anchor=anchor)
        box = self.d.textbbox((x, y), s, font=f, anchor=anchor)
        return box[2]

    def ar(
        self,
        x_right: float,
        y: float,
        s: str,
        size: int | None = None,
        bold: bool = False,
        fill: tuple[int, int, int] | None = None,
        anchor: str = "ra",
    ) -> None:
        f = _font(self.arbold if bold else self.arfont, size or self.size + 2)
        self.d.text(
            (x_right, y),
            s,
            font=f,
            fill=fill or self.ink,
            anchor=anchor,
            direction="rtl",
            language="ar",
        )

    def line(
        self,
        s: str,
        size: int | None = None,
        font: str | None = None,
        dx: int = 0,
        gap: float = 1.55,
        fill: tuple[int, int, int] | None = None,
        center: bool = False,
    ) -> None:
        sz = size or self.size
        if center:
            self.text(self.w / 2, self.y, s, sz, font, fill, anchor="ma")
        else:
            self.text(self.margin + dx, self.y, s, sz, font, fill)
        self.y += int(sz * gap)

    def title(
        self, fr: str, ar: str | None = None, size: int | None = None, box: bool = False
    ) -> None:
        sz = size or self.r.randint(38, 52)
        self.y += self.r.randint(10, 40)
        if box:
            f = _font(self.bold, sz)
            tw = self.d.textlength(fr, font=f)
            x0 = self.w / 2 - tw / 2 - 24
            self.d.rectangle(
                [x0, self.y - 12, self.w / 2 + tw / 2 + 24, self.y + sz + 16],
                outline=self.ink,
                width=3,
            )
        self.text(self.w / 2, self.y, fr, sz, self.bold, anchor="ma")
        self.y += int(sz * 1.45)
        if ar:
            self.ar(self.w / 2, self.y, ar, int(sz * 0.8), bold=True, anchor="ma")
            self.y += int(sz * 1.35)
        self.y += self.r.randint(10, 30)

    def field(self, label: str, value: str, dx: int = 0, dots: bool = True) -> None:
        x = self.text(self.margin + dx, self.y, label + " :", self.size)
        if dots and self.r.random() < 0.6:
            self.text(x + 8, self.y + 4, "." * 60, self.size - 4, fill=(120, 120, 120))
        self.text(x + 20, self.y - 4, value, self.size + 2, self.r.choice(LATIN["hand"]), self.pen)
        self.y += int(self.size * 1.75)

    def para(
        self,
        s: str,
        width: int | None = None,
        size: int | None = None,
        font: str | None = None,
        fill: tuple[int, int, int] | None = None,
    ) -> None:
        sz = size or self.size
        f = _font(font or self.sans, sz)
        maxw = width or (self.w - 2 * self.margin)
        words, cur = s.split(), ""
        for w in words:
            t = (cur + " " + w).strip()
            if self.d.textlength(t, font=f) > maxw and cur:
                self.text(self.margin, self.y, cur, sz, font, fill)
                self.y += int(sz * 1.5)
                cur = w
            else:
                cur = t
        if cur:
            self.text(self.margin, self.y, cur, sz, font, fill)
            self.y += int(sz * 1.5)
        self.y += int(sz * 0.4)

    def hr(self, width: int = 2) -> None:
        self.d.line(
            [self.margin, self.y, self.w - self.margin, self.y], fill=self.ink, width=width
        )
        self.y += 18

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: int | None = None,
        hand_cols: Sequence[int] = (),
        row_h: int | None = None,
        header_ar: Sequence[str] | None = None,
    ) -> None:
        sz = size or self.size - 2
        total = self.w - 2 * self.margin
        xs = [self.margin]
        for wd in widths:
            xs.append(xs[-1] + int(total * wd / sum(widths)))
        rh = row_h or int(sz * 2.0)
        hh = rh * (2 if header_ar else 1)
        y0 = self.y
        if self.r.random() < 0.5:
            self.d.rectangle([xs[0], y0, xs[-1], y0 + hh], fill=(222, 222, 222))
        for i, h in enumerate(headers):
            self.text(xs[i] + 8, y0 + 8, h, sz - 1, self.bold)
            if header_ar:
                self.ar(xs[i + 1] - 8, y0 + rh + 2, header_ar[i], sz - 1)
        y = y0 + hh
        for row in rows:
            for i, c in enumerate(row):
                hand = i in hand_cols
                self.text(
                    xs[i] + 8,
                    y + 6,
                    c,
                    sz + (2 if hand else 0),
                    self.r.choice(LATIN["hand"]) if hand else None,
                    self.pen if hand else None,
                )
            y += rh
        lw = self.r.choice([1, 2, 2, 3])
        for x in xs:
            self.d.line([x, y0, x, y], fill=self.ink, width=lw)
        self.d.line([xs[0], y0, xs[-1], y0], fill=self.ink, width=lw)
        self.d.line([xs[0], y0 + hh, xs[-1], y0 + hh], fill=self.ink, width=lw)
        if self.r.random() < 0.7:
            for k in range(len(rows) + 1):
                yy = y0 + hh + k * rh
                self.d.line([xs[0], yy, xs[-1], yy], fill=self.ink, width=1)
        self.d.line([xs[0], y, xs[-1], y], fill=self.ink, width=lw)
        self.y = y + 24

    def checkbox(
        self, x: float, y: float, label: str, checked: bool, size: int | None = None
    ) -> float:
        sz = size or self.size
        self.d.rectangle([x, y + 3, x + sz - 4, y + sz - 1], outline=self.ink, width=2)
        if checked:
            self.d.line([x + 2, y + 5, x + sz - 5, y + sz - 3], fill=self.pen, width=3)
            self.d.line([x + sz - 5, y + 5, x + 2, y + sz - 3], fill=self.pen, width=3)
        return self.text(x + sz + 6, y, label, sz) + 30

    def checks(self, labels: Sequence[str], which: int | None = None) -> None:
        x = float(self.margin)
        for i, lab in enumerate(labels):
            x = self.checkbox(x, self.y, lab, i == which)
        self.y += int(self.size * 1.9)

    def signature(self, x: float, y: float, w: int = 220) -> None:
        pts = []
        for i in range(40):
            t = i / 39
            pts.append(
                (
                    x + t * w,
                    y
                    + 30 * math.sin(t * self.r.uniform(8, 16)) * self.r.uniform(0.5, 1)
                    + self.r.uniform(-6, 6),
                )
            )
        self.d.line(pts, fill=self.pen, width=3, joint="curve")

    def stamp(
        self,
        cx: float,
        cy: float,
        lines: Sequence[str],
        radius: int | None = None,
        rect: bool | None = None,
    ) -> None:
        r = radius or self.r.randint(95, 140)
        color = self.r.choice(
            [(40, 70, 170), (150, 40, 60), (60, 60, 150), (30, 110, 80), (110, 50, 140)]
        )
        alpha = self.r.randint(120, 200)
        layer = Image.new("RGBA", (2 * r + 40, 2 * r + 40), (0, 0, 0, 0))
        ld = ImageDraw.Draw(layer)
        c = r + 20
        rect = self.r.random() < 0.35 if rect is None else rect
        col = (*color, alpha)
        if rect:
            ld.rectangle([20, c - r * 0.6, 2 * r + 20, c + r * 0.6], outline=col, width=4)
            for i, s in enumerate(lines[:4]):
                f = _font(self.bold if i == 0 else self.sans, 22 if i == 0 else 18)
                ld.text((c, c - r * 0.45 + i * 28), s, font=f, fill=col, anchor="ma")
        else:
            ld.ellipse([20, 20, 2 * r + 20, 2 * r + 20], outline=col, width=5)
            ld.ellipse([38, 38, 2 * r + 2, 2 * r + 2], outline=col, width=2)
            for i, s in enumerate(lines[:4]):
                f = _font(self.bold if i == 0 else self.sans, 20 if i == 0 else 17)
                ld.text((c, c - 45 + i * 28), s, font=f, fill=col, anchor="ma")
        layer = layer.rotate(
            self.r.uniform(-35, 35), resample=Image.Resampling.BICUBIC, expand=True
        )
        self.img.paste(layer, (int(cx - layer.width / 2), int(cy - layer.height / 2)), layer)

    def letterhead(
        self,
        name: str,
        role: str,
        role_ar: str | None,
        extra: Sequence[str] = (),
        name_ar: str | None = None,
    ) -> None:
        style = self.r.randint(0, 2)
        sz = self.r.randint(32, 40)
        city = self.r.choice(CITIES)
        self.city = city
        if style == 0:  # French left, Arabic right
            y = self.y
            self.text(self.margin, y, name, sz, self.bold)
            self.text(self.margin, y + sz * 1.4, role, self.size)
            yy = y + sz * 1.4 + self.size * 1.5
            for e in extra:
                self.text(self.margin, yy, e, self.size - 4)
                yy += (self.size - 4) * 1.45
            if role_ar:
                self.ar(self.w - self.margin, y, name_ar or "الدكتور", sz - 4, bold=True)
                self.ar(self.w - self.margin, y + sz * 1.5, role_ar, self.size)
            self.y = int(yy) + 10
        elif style == 1:  # centred
            self.text(self.w / 2, self.y, name, sz, self.bold, anchor="ma")
            self.y += int(sz * 1.4)
            self.text(self.w / 2, self.y, role, self.size, anchor="ma")
            self.y += int(self.size * 1.5)
            if role_ar:
                self.ar(self.w / 2, self.y, role_ar, self.size, anchor="ma")
                self.y += int(self.size * 1.7)
            for e in extra:
                self.text(self.w / 2, self.y, e, self.size - 4, anchor="ma")
                self.y += int((self.size - 4) * 1.45)
        else:  # banded header
            col = self.r.choice([(20, 80, 140), (0, 110, 100), (120, 30, 50), (60, 60, 60)])
            self.d.rectangle([0, self.y - 20, self.w, self.y + sz * 2.6], fill=col)
            self.text(self.margin, self.y, name, sz, self.bold, fill=(255, 255, 255))
            self.text(self.margin, self.y + sz * 1.35, role, self.size - 2, fill=(235, 235, 235))
            if role_ar:
                self.ar(self.w - self.margin, self.y + 4, role_ar, self.size, fill=(255, 255, 255))
            self.y += int(sz * 2.6) + 20
            for e in extra:
                self.text(self.margin, self.y, e, self.size - 4)
                self.y += int((self.size - 4) * 1.45)
        self.y += self.r.randint(8, 30)
        self.hr(self.r.choice([1, 2, 3]))

    def footer(self, s: str) -> None:
        self.d.line(
            [self.margin, self.h - 110, self.w - self.margin, self.h - 110], fill=self.ink, width=1
        )
        self.text(self.w / 2, self.h - 95, s, self.size - 8, anchor="ma")


def _provider_footer(cx: Ctx) -> str:
    r = cx.r
    return (
        f"ICE : {r.randint(10**14, 10**15 - 1):015d} - IF : {r.randint(10**6, 10**8)} - "
        f"Patente : {r.randint(10**7, 10**8)} - CNSS : {r.randint(10**6, 10**7)}"
    )


def _doctor_head(p: Page, cx: Ctx) -> str:
    doc = cx.doctor()
    spec, spec_ar = cx.r.choice(SPECIALTIES)
    extra = [
        "Diplômé de la Faculté de Médecine de "
        f"{cx.r.choice(['Rabat', 'Casablanca', 'Fès', 'Paris'])}",
        cx.address(),
        f"Tél : {cx.phone()}  -  INPE : {cx.r.randint(10**8, 10**9)}",
    ]
    cx.r.shuffle(extra)
    p.letterhead(
        doc,
        f"Spécialiste en {spec}" if cx.r.random() < 0.5 else spec,
        spec_ar,
        extra[: cx.r.randint(2, 3)],
        name_ar="الدكتور",
    )
    return doc


# ---------------------------------------------------------------- the 12 document types
def draw_feuille(cx: Ctx) -> Image.Image:
    p = Page(cx)
    r = cx.r
    back = r.random() < 0.4
    p.size = r.randint(21, 25)
    if not back:
        p.text(
            p.margin, p.y, r.choice(["MUPRAS", "Mutuelle de Prévoyance", "MUTUELLE"]), 34, p.bold
        )
        p.ar(
            p.w - p.margin,
            p.y,
            r.choice(["التعاضدية", "ورقة العلاج", "تعاضدية الاحتياط"]),
            30,
            bold=True,
        )
        p.y += 60
        p.title(
            r.choice(["Déclaration de Maladie", "FEUILLE DE SOINS", "DECLARATION DE MALADIE"]),
            r.choice(["ورقة العلاج", "التصريح بالمرض", None]),
            size=r.randint(36, 46),
            box=r.random() < 0.5,
        )
        p.line(f"N° M{r.randint(20, 25)}- {r.randint(10**6, 10**7 - 1)}", center=True)
        p.checks(["Maladie", "Dentaire", "Optique", "Autres"], r.randint(0, 3))
        p.line("Cadre réservé à l'adhérent(e)", font=p.bold)
        p.field("Matricule", str(r.randint(10000, 999999)))
        p.field("Nom & Prénom", cx.name())
        p.checks(["Actif", "Pensionné(e)", "Autre"], r.randint(0, 1))
        p.field("Date de naissance", cx.date(r.randint(1955, 1995)))
        p.field("Adresse", cx.address())
        p.field("Total des frais engagés", f"{fmt(cx.money(200, 3000))} Dhs")
        p.hr()
        p.line("Cadre réservé au Médecin", font=p.bold)
        p.field("Date de consultation", cx.date())
        p.field("Nom et prénom du malade", cx.name())
        p.checks(["Lui-même", "Conjoint", "Enfant"], r.randint(0, 2))
        p.field(
            "Nature de la maladie",
            r.choice(["Angine", "HTA", "Lombalgie", "Bronchite", "Gastrite"]),
        )
        p.para(
            "En cas d'accident préciser les causes et circonstances : ........................",
            size=p.size - 2,
        )
        p.para(
            "J'atteste sur l'honneur l'exactitude des renseignements portés sur la présente "
            "déclaration.",
            size=p.size - 3,
        )
        p.field("Fait à", r.choice(CITIES) + "   le " + cx.date())
        p.signature(p.w - 420, p.y, 240)
        p.stamp(p.w * 0.3, p.y + 60, [cx.doctor(), "Médecin", cx.phone()], rect=True)
        p.footer(
            "Réclamation : contact@mupras.com  -  Prise en charge : pec@mupras.com  -  loi n° "
            "09-08"
        )
    else:
        p.title(
            r.choice(["RELEVÉ DES FRAIS ET HONORAIRES", "DESCRIPTION DES ACTES EFFECTUÉS"]),
            r.choice(["وصف العمليات المجراة", None]),
            size=r.randint(30, 38),
        )
        p.table(
            ["Dates des actes", "Nature des actes", "Coefficient", "Montant", "Cachet du Médecin"],
            [[cx.date(), "Consultation", "C", fmt(cx.money(150, 400)), ""], ["", "", "", "", ""]],
            [1.2, 1.6, 1, 1, 1.6],
            hand_cols=(0, 1, 2, 3),
            row_h=60,
            header_ar=["تاريخ العمليات", "رمز العمليات", "معامل", "المبلغ", "توقيع وطابع"]
            if r.random() < 0.5
            else None,
        )
        p.line(
            r.choice(["EXECUTION DES ORDONNANCES", "Description des ordonnances exécutées"]),
            font=p.bold,
        )
        p.table(
            ["Cachet du Pharmacien ou du Fournisseur", "Date", "Montant de la facture"],
            [["", cx.date(), fmt(cx.money(80, 900))]],
            [2, 1, 1],
            hand_cols=(1, 2),
            row_h=90,
        )
        p.line(
            r.choice(["ANALYSES - RADIOGRAPHIES", "Actes de Biologie, Radiologie et Imagerie"]),
            font=p.bold,
        )
        p.table(
            ["Cachet du Laboratoire / Radiologue", "Date", "Coefficients", "Montant"],
            [["", "", "", ""]],
            [2, 1, 1, 1],
            row_h=70,
        )
        p.line(r.choice(["AUXILIAIRES MEDICAUX", "Actes Paramédicaux"]), font=p.bold)
        p.table(
            ["Cachet du Praticien", "Date des soins", "AMM", "Nombre", "Montant"],
            [["", "", "", "", ""]],
            [2, 1, 0.7, 0.7, 1],
            row_h=70,
        )
        if r.random() < 0.7:
            p.line("SOINS DENTAIRES  -  Dents traitées  -  Nature des soins", font=p.bold)
            p.line("H  87654321 12345678  G", font=LATIN["mono"][0], dx=120)
            p.line("B  87654321 12345678  D", font=LATIN["mono"][0], dx=120)
            p.line("DATE DU DEVIS .......   COEFFICIENT DES TRAVAUX .......", size=p.size - 3)
        p.footer("Le praticien est prié de préciser la dent traitée et l'acte pratiqué")
    return p.img


def draw_ordonnance(cx: Ctx) -> Image.Image:
    r = cx.r
    small = r.random() < 0.4
    p = Page(cx, size=(1240, 1600) if small else None)
    doc = _doctor_head(p, cx)
    p.text(p.w - p.margin, p.y, f"{p.city}, le {cx.date()}", p.size, anchor="ra")
    p.y += 60
    p.title(
        r.choice(["ORDONNANCE", "Ordonnance", "ORDONNANCE MÉDICALE"]),
        r.choice(["وصفة طبية", None, None]),
        size=r.randint(40, 56),
    )
    p.field(
        r.choice(["Nom du patient", "Patient(e)", "M. / Mme", "Nom et Prénom"]),
        cx.name(),
        dots=False,
    )
    if r.random() < 0.4:
        p.field("Age", f"{r.randint(3, 80)} ans", dots=False)
    p.y += 20
    hand = r.choice(LATIN["hand"]) if r.random() < 0.6 else None
    if r.random() < 0.2:  # rééducation prescription
        act = r.choice(
            ["Kinésithérapie", "Orthophonie", "Psychomotricité", "Rééducation fonctionnelle"]
        )
        p.line(
            f"- {r.choice([10, 12, 15, 20])} séances de {act.lower()}",
            font=hand,
            fill=p.pen,
            size=p.size + 4,
        )
        p.line(
            "  Diagnostic : "
            f"{r.choice(['lombosciatique', 'retard de langage', 'entorse cheville'])}",
            font=hand,
            fill=p.pen,
            size=p.size + 2,
        )
        p.line("  à raison de 3 séances par semaine", font=hand, fill=p.pen, size=p.size + 2)
    for drug, unit, _price in r.sample(DRUGS, r.randint(2, 5)):
        p.line(
            f"{r.choice(['', '- ', '• '])}{drug}", font=hand or p.bold, fill=p.pen, size=p.size + 3
        )
        poso = r.choice(
            [
                f"1 {unit} x 3/j pendant {r.randint(5, 10)} jours",
                f"1 {unit} matin et soir",
                f"2 {unit} par jour après les repas",
                f"1 {unit} le soir au coucher - 1 mois",
                f"1 {unit} 3 fois par jour  QSP {r.randint(1, 3)} mois",
                f"{unit} si douleur",
            ]
        )
        p.line("      " + poso, font=hand, fill=p.pen, size=p.size + 1)
        p.y += 10
    p.y += 40
    p.signature(p.w - 450, p.y, 250)
    p.stamp(p.w - 330, p.y + 40, [doc, "Médecin", p.city], rect=r.random() < 0.5)
    if r.random() < 0.5:
        p.footer(f"{cx.address()} - Tél : {cx.phone()} - Urgences : {cx.phone()}")
    return p.img


def draw_facture(cx: Ctx) -> Image.Image:
    r = cx.r
    p = Page(cx)
    kind = r.choice(["pharma", "optic", "lab", "kine", "clinic", "ortho"])
    heads = {
        "pharma": (
            f"PHARMACIE {r.choice(['AL AMAL', 'ANNASR', 'DU CENTRE', 'IBN SINA', 'ATLAS'])}",
            f"Dr {r.choice(FIRST)} {r.choice(LAST)} - Pharmacien",
            "صيدلية",
        ),
        "optic": (
            f"OPTIQUE {r.choice(['VISION PLUS', 'ESSILOR', 'LUMIÈRE', 'AL BASSAR'])}",
            "Opticien lunetier diplômé",
            "البصريات",
        ),
        "lab": (
            f"LABORATOIRE {r.choice(['AL FARABI', 'PASTEUR', 'BIOLAB', 'DES NATIONS'])}",
            "Analyses de biologie médicale",
            "مختبر التحاليل الطبية",
        ),
        "kine": (
            f"Cabinet de Kinésithérapie {r.choice(LAST)}",
            "Masseur - Kinésithérapeute",
            "الترويض الطبي",
        ),
        "clinic": (
            f"CLINIQUE {r.choice(['AL AZHAR', 'LES ORANGERS', 'ANFA', 'ATLAS'])}",
            "Médecine - Chirurgie - Maternité",
            "مصحة",
        ),
        "ortho": (
            f"Centre d'Orthophonie {r.choice(LAST)}",
            "Orthophoniste - Psychomotricienne",
            "تقويم النطق",
        ),
    }
    items = {
        "pharma": [(d, r.randint(1, 3), pr) for d, _u, pr in r.sample(DRUGS, r.randint(2, 6))],
        "optic": [
            ("Monture " + r.choice(["Ray-Ban", "Silhouette", "Vogue"]), 1, cx.money(400, 1500)),
            ("Verre organique progressif OD", 1, cx.money(600, 1800)),
            ("Verre organique progressif OG", 1, cx.money(600, 1800)),
        ],
        "lab": [
            (a, 1, cx.money(40, 250))
            for a in r.sample(
                [
                    "Glycémie à jeun (B 15)",
                    "NFS (B 40)",
                    "Cholestérol total (B 20)",
                    "TSH us (B 150)",
                    "Créatinine (B 20)",
                    "HbA1c (B 100)",
                    "VS (B 10)",
                    "CRP (B 40)",
                ],
                r.randint(3, 6),
            )
        ],
        "kine": [
            (f"Séance de rééducation ({cx.date()})", 1, 120.0) for _ in range(r.randint(3, 8))
        ],
        "clinic": [
            ("Frais de séjour", r.randint(1, 4), cx.money(500, 1500)),
            ("Honoraires chirurgien", 1, cx.money(2000, 8000)),
            ("Bloc opératoire", 1, cx.money(1000, 4000)),
            ("Pharmacie et consommables", 1, cx.money(300, 2000)),
        ],
        "ortho": [
            (r.choice(["Orthophonie", "Psychomotricité"]), r.randint(4, 8), 150.0)
            for _ in range(2)
        ],
    }[kind]
    name, role, ar = heads[kind]
    p.letterhead(name, role, ar, [cx.address(), f"Tél : {cx.phone()}"], name_ar=ar)
    p.text(p.w - p.margin, p.y, f"{p.city}, le {cx.date()}", p.size, anchor="ra")
    p.y += 50
    num = r.choice(
        [
            f"FA{r.randint(2022, 2025)}-{r.randint(100, 9999):04d}",
            str(r.randint(100, 99999)),
            f"{r.randint(1, 999)}/{r.randint(22, 25)}",
        ]
    )
    p.title(
        r.choice([f"FACTURE N° {num}", "FACTURE", f"Facture n° : {num}", "FACTURE / فاتورة"]),
        r.choice(["فاتورة", None]),
        size=r.randint(36, 48),
        box=r.random() < 0.4,
    )
    p.field(r.choice(["Client", "Patient", "Doit", "Nom du malade"]), cx.name(), dots=False)
    if r.random() < 0.5:
        p.field("Prescripteur", cx.doctor(), dots=False)
    rows = []
    total = 0.0
    for des, q, pu in items:
        rows.append([des, str(q), fmt(pu), fmt(q * pu)])
        total += q * pu
    p.table(["Désignation", "Qté", "P.U (DH)", "Montant (DH)"], rows, [3.2, 0.6, 1.1, 1.3])
    if r.random() < 0.5:
        p.text(p.w - p.margin - 420, p.y, "Total HT :", p.size, p.bold)
        p.text(p.w - p.margin, p.y, fmt(total / 1.0), p.size, anchor="ra")
        p.y += 40
        p.text(p.w - p.margin - 420, p.y, "TVA :", p.size, p.bold)
        p.text(p.w - p.margin, p.y, "0,00", p.size, anchor="ra")
        p.y += 40
    p.text(
        p.w - p.margin - 420,
        p.y,
        r.choice(["Total TTC :", "NET À PAYER :", "TOTAL :"]),
        p.size + 2,
        p.bold,
    )
    p.text(p.w - p.margin, p.y, fmt(total) + " DH", p.size + 2, p.bold, anchor="ra")
    p.y += 70
    p.para(
        "Arrêtée la présente facture à la somme de : "
        f"{r.choice(['mille', 'deux mille', 'trois cent'])} "
        f"{r.choice(['cinquante', 'quatre-vingts', 'cent'])} dirhams TTC.",
        font=r.choice(LATIN["hand"]),
    )
    p.y += 20
    p.stamp(p.w - 330, p.y + 90, [name[:22], role[:24], p.city])
    p.signature(p.w - 480, p.y + 60)
    p.footer(_provider_footer(cx))
    return p.img


def _barcode(d: ImageDraw.ImageDraw, r: random.Random, x: int, y: int, w: int, h: int) -> None:
    xx = x
    while xx < x + w:
        bw = r.choice([1, 2, 2, 3, 4])
        if r.random() < 0.55:
            d.rectangle([xx, y, xx + bw - 1, y + h], fill=(10, 10, 10))
        xx += bw


def draw_vignettes(cx: Ctx) -> Image.Image:
    r = cx.r
    on_rx = r.random() < 0.35
    p = Page(cx)
    if on_rx:
        _doctor_head(p, cx)
        p.title("ORDONNANCE", size=40)
        p.field("Nom", cx.name(), dots=False)
        y0 = p.y + 20
    else:
        p.size = 24
        if r.random() < 0.6:
            p.line(
                r.choice(
                    [
                        "Vignettes",
                        "VIGNETTES DES MÉDICAMENTS",
                        "Coller ici les vignettes",
                        "Emplacement des vignettes",
                    ]
                ),
                font=p.bold,
                size=32,
                center=True,
            )
            p.ar(p.w / 2, p.y, "ألصق هنا ملصقات الأدوية", 30, anchor="ma")
            p.y += 60
        y0 = p.y + 10
    n = r.randint(3, 8) if not on_rx else r.randint(2, 5)
    cols = r.choice([2, 3])
    vw, vh = r.randint(330, 370), r.randint(200, 240)
    gx = (p.w - 2 * p.margin - cols * vw) // max(1, cols - 1) if cols > 1 else 0
    for k, (drug, _unit, price) in enumerate(r.sample(DRUGS, n)):
        row, col = divmod(k, cols)
        x = p.margin + col * (vw + gx) + r.randint(-15, 15)
        y = y0 + row * (vh + 40) + r.randint(-10, 10)
        if y + vh > p.h - 40:
            break
        layer = Image.new("RGBA", (vw, vh), (0, 0, 0, 0))
        ld = ImageDraw.Draw(layer)
        bg = r.choice([(255, 255, 255), (250, 248, 235), (235, 245, 255)])
        ld.rectangle([0, 0, vw - 1, vh - 1], fill=(*bg, 255), outline=(90, 90, 90, 255), width=2)
        fs = _font(p.bold, 22)
        ld.text((10, 8), drug[:24], font=fs, fill=(0, 0, 0, 255))
        ld.text(
            (10, 38),
            r.choice(["Boîte de 20", "B/30 cp", "Flacon 125 ml", "B/16 gél", "B/12 sachets"]),
            font=_font(p.sans, 17),
            fill=(0, 0, 0, 255),
        )
        tag = r.choice(["PPV", "P.P.V", "PPV :", "Prix public de vente"])
        ld.text((10, 62), f"{tag} {fmt(price)} DH", font=_font(p.bold, 22), fill=(0, 0, 0, 255))
        bc = Image.new("RGB", (vw - 40, 70), bg)
        _barcode(ImageDraw.Draw(bc), r, 0, 0, vw - 40, 70)
        layer.paste(bc, (20, 96))
        ld.text(
            (vw / 2, 172),
            " ".join(str(r.randint(1000, 9999)) for _ in range(3)),
            font=_font(LATIN["mono"][0], 16),
            fill=(0, 0, 0, 255),
            anchor="ma",
        )
        ld.text(
            (10, vh - 24),
            f"Lot {r.randint(1000, 99999)}  Exp {r.randint(1, 12):02d}/{r.randint(25, 28)}",
            font=_font(p.sans, 14),
            fill=(0, 0, 0, 255),
        )
        layer = layer.rotate(r.uniform(-6, 6), expand=True, resample=Image.Resampling.BICUBIC)
        p.img.paste(layer, (x, y), layer)
    if on_rx:
        p.signature(p.w - 420, p.h - 220)
    return p.img


LAB_TESTS = [
    ("Glycémie à jeun", "g/l", (0.7, 1.6), "0,70 - 1,10"),
    ("Cholestérol total", "g/l", (1.4, 2.8), "< 2,00"),
    ("Cholestérol HDL", "g/l", (0.3, 0.8), "> 0,40"),
    ("Cholestérol LDL", "g/l", (0.8, 2.0), "< 1,60"),
    ("Triglycérides", "g/l", (0.5, 2.5), "< 1,50"),
    ("Créatininémie", "mg/l", (6, 14), "7 - 13"),
    ("Urée", "g/l", (0.15, 0.5), "0,15 - 0,45"),
    ("Hémoglobine glyquée HbA1c", "%", (5, 9), "< 6,5"),
    ("TSH ultrasensible", "µUI/ml", (0.4, 5), "0,27 - 4,20"),
    ("Acide urique", "mg/l", (30, 80), "25 - 70"),
    ("CRP", "mg/l", (1, 30), "< 6"),
    ("Ferritine", "ng/ml", (10, 250), "15 - 150"),
]
NFS = [
    ("Hématies", "10^6/mm3", (3.8, 5.6), "4,0 - 5,5"),
    ("Hémoglobine", "g/dl", (10, 16), "12 - 16"),
    ("Hématocrite", "%", (33, 48), "37 - 47"),
    ("VGM", "fl", (78, 98), "80 - 100"),
    ("Leucocytes", "/mm3", (4000, 11000), "4000 - 10000"),
    ("Plaquettes", "10^3/mm3", (150, 420), "150 - 400"),
]
IMAGING = [
    (
        "ÉCHOGRAPHIE ABDOMINALE",
        "Foie de taille normale, d'échostructure homogène, sans lésion focale. "
        "Vésicule biliaire alithiasique à paroi fine. Voies biliaires non dilatées. Pancréas et "
        "rate sans "
        "anomalie. Les deux reins sont de taille normale sans dilatation des cavités "
        "pyélocalicielles.",
        "Échographie abdominale sans anomalie décelable.",
    ),
    (
        "RADIOGRAPHIE DU THORAX (FACE)",
        "Cœur de taille normale. Pas d'opacité parenchymateuse "
        "pulmonaire. Culs-de-sac costo-diaphragmatiques libres. Coupoles diaphragmatiques "
        "régulières.",
        "Radiographie thoracique normale.",
    ),
    (
        "IRM DU GENOU DROIT",
        "Fissure horizontale de la corne postérieure du ménisque interne. "
        "Ligaments croisés d'aspect normal. Discret épanchement intra-articulaire.",
        "Lésion méniscale interne grade II.",
    ),
    (
        "ÉCHOGRAPHIE THYROÏDIENNE",
        "Thyroïde de taille normale. Nodule isoéchogène du lobe droit mesurant "
        "12 x 8 mm, sans microcalcifications. Pas d'adénopathie cervicale.",
        "Nodule thyroïdien EU-TIRADS 3.",
    ),
    (
        "MAMMOGRAPHIE BILATÉRALE",
        "Seins de densité type B. Pas de masse suspecte, pas de "
        "microcalcifications groupées. Creux axillaires libres.",
        "ACR 1 bilatéral.",
    ),
    (
        "SCANNER CÉRÉBRAL SANS INJECTION",
        "Pas de lésion hémorragique ou ischémique récente. "
        "Système ventriculaire de taille normale. Structures médianes en place.",
        "Examen normal.",
    ),
]


def draw_resultats(cx: Ctx) -> Image.Image:
    r = cx.r
    p = Page(cx)
    if r.random() < 0.55:  # lab
        p.letterhead(
            "LABORATOIRE "
            f"{r.choice(['AL FARABI', 'PASTEUR', 'BIOLAB', 'DES NATIONS', 'IBN ZOHR'])}",
            f"Dr {r.choice(FIRST)} {r.choice(LAST)} - Biologiste",
            "مختبر التحاليل الطبية",
            [cx.address(), f"Tél : {cx.phone()}"],
            name_ar="مختبر",
        )
        p.field("Patient", cx.name(), dots=False)
        p.field("Prescripteur", cx.doctor(), dots=False)
        p.field(
            r.choice(["Dossier N°", "N° demande"]),
            f"{r.randint(10**5, 10**7)} du {cx.date()}",
            dots=False,
        )
        p.title(
            r.choice(
                ["RÉSULTATS D'ANALYSES", "COMPTE RENDU D'ANALYSES", "BIOCHIMIE", "HÉMATOLOGIE"]
            ),
            r.choice(["نتائج التحاليل", None]),
            size=r.randint(30, 40),
        )
        tests = r.sample(LAB_TESTS, r.randint(3, 6))
        rows = [[n, f"{r.uniform(*rg):.2f}".replace(".", ","), u, ref] for n, u, rg, ref in tests]
        p.table(["Analyse", "Résultat", "Unité", "Valeurs de référence"], rows, [2.6, 1.1, 1, 1.6])
        if r.random() < 0.6:
            p.line("HÉMOGRAMME (NFS)", font=p.bold)
            rows = [
                [n, f"{r.uniform(*rg):.1f}".replace(".", ","), u, ref] for n, u, rg, ref in NFS
            ]
            p.table(["Paramètre", "Résultat", "Unité", "Normes"], rows, [2.6, 1.1, 1, 1.6])
        p.line(f"Validé par le biologiste le {cx.date()}", size=p.size - 3)
        p.stamp(p.w - 300, p.y + 80, ["LABORATOIRE", "Biologiste", p.city])
    else:
        p.letterhead(
            f"CENTRE DE RADIOLOGIE {r.choice(['AL MANAR', 'ANFA', 'DES IRIS', 'AGDAL'])}",
            f"Dr {r.choice(FIRST)} {r.choice(LAST)} - Radiologue",
            "مركز الأشعة",
            ["Imagerie médicale - Scanner - IRM - Échographie", cx.address()],
            name_ar="مركز الأشعة",
        )
        title, body, concl = r.choice(IMAGING)
        p.field("Patient(e)", cx.name(), dots=False)
        p.field("Date de l'examen", cx.date(), dots=False)
        p.field("Médecin traitant", cx.doctor(), dots=False)
        p.title(
            r.choice(["COMPTE RENDU", "Compte rendu radiologique", title]), size=r.randint(32, 42)
        )
        if title not in ("COMPTE RENDU",):
            p.line(title, font=p.bold)
        p.line("Indication :", font=p.bold)
        p.para(
            r.choice(
                ["Douleurs abdominales.", "Bilan de contrôle.", "Toux chronique.", "Traumatisme."]
            )
        )
        p.line("Technique :" if r.random() < 0.5 else "Résultats :", font=p.bold)
        p.para(body)
        p.line("Conclusion :", font=p.bold)
        p.para(concl, font=p.bold)
        p.y += 20
        p.line("Confraternellement.", dx=500)
        p.stamp(p.w - 300, p.y + 80, ["Radiologue", "Dr", p.city])
    return p.img


def draw_calendrier(cx: Ctx) -> Image.Image:
    r = cx.r
    p = Page(cx)
    therapy = r.choice(
        [
            ("Kinésithérapie", "الترويض الطبي"),
            ("Orthophonie", "تقويم النطق"),
            ("Psychomotricité", "العلاج النفسي الحركي"),
            ("Rééducation fonctionnelle", "الترويض"),
        ]
    )
    p.letterhead(
        f"{r.choice(['Cabinet', 'Centre'])} de {therapy[0]} {r.choice(LAST)}",
        f"{r.choice(FIRST)} {r.choice(LAST)} - "
        f"{r.choice(['Kinésithérapeute', 'Orthophoniste', 'Psychomotricien'])}",
        therapy[1],
        [cx.address(), f"Tél : {cx.phone()}"],
        name_ar="عيادة",
    )
    p.field("Patient", cx.name(), dots=False)
    month = r.randint(1, 12)
    year = r.choice([2023, 2024, 2025])
    p.title(
        r.choice(
            [
                f"Planning des séances de {therapy[0].lower()}",
                "CALENDRIER DES SÉANCES",
                "Calendrier des séances",
                "Relevé des séances effectuées",
                "PLANNING DES SÉANCES",
            ]
        ),
        r.choice(["جدول الحصص", None]),
        size=r.randint(32, 42),
    )
    n = r.choice([4, 6, 8, 10, 12, 15])
    p.line(f"{n} séances  -  période du 01/{month:02d}/{year} au 28/{month:02d}/{year}")
    if r.random() < 0.5:
        days = sorted(r.sample(range(1, 29), min(n, 20)))
        rows = [
            [
                str(i + 1),
                f"{d:02d}/{month:02d}/{year}",
                r.choice(["09h00", "10h30", "15h00", "17h30"]),
                "",
            ]
            for i, d in enumerate(days)
        ]
        p.table(
            ["N° séance", "Date", "Heure", "Signature du patient"],
            rows,
            [0.9, 1.4, 1, 1.8],
            hand_cols=(1,) if r.random() < 0.5 else (),
            size=p.size - 3,
            row_h=int((p.size - 3) * 1.8),
        )
    else:
        p.line(
            f"Mois : {MONTHS[month - 1]} {year}",
            font=p.bold,
        )
        day_names = ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"]
        cw = (p.w - 2 * p.margin) / 7
        ch = 80
        y0 = p.y
        for i, dname in enumerate(day_names):
            p.text(p.margin + i * cw + 10, y0 + 8, dname, p.size - 2, p.bold)
        done = set(r.sample(range(1, 29), min(n, 20)))
        start = r.randint(0, 6)
        for k in range(35):
            row, col = divmod(k, 7)
            x, y = p.margin + col * cw, y0 + 40 + row * ch
            p.d.rectangle([x, y, x + cw, y + ch], outline=p.ink, width=1)
            day = k - start + 1
            if 1 <= day <= 28:
                p.text(x + 6, y + 4, str(day), p.size - 4)
                if day in done:
                    p.text(
                        x + cw / 2,
                        y + 30,
                        r.choice(["X", "✓", "S"]),
                        p.size + 6,
                        r.choice(LATIN["hand"]),
                        p.pen,
                    )
        p.y = y0 + 40 + 5 * ch + 30
    p.line(f"Total : {n} séances", font=p.bold)
    p.signature(p.w - 420, p.y + 20)
    p.stamp(p.w - 300, p.y + 80, [therapy[0][:16], p.city])
    return p.img


def draw_entente(cx: Ctx) -> Image.Image:
    r = cx.r
    p = Page(cx)
    if r.random() < 0.45:  # CNOPS agreement letter
        p.text(p.margin, p.y, "CNOPS", 44, p.bold, fill=(20, 60, 130))
        p.ar(p.w - p.margin, p.y, "الصندوق الوطني لمنظمات الاحتياط الاجتماعي", 26, bold=True)
        p.y += 60
        p.line("Caisse Nationale des Organismes de Prévoyance Sociale", size=22)
        p.line(f"BP {r.randint(100, 999)} - {r.choice(['Rabat', 'Rabat Agdal'])}", size=20)
        p.y += 20
        p.text(p.w - p.margin, p.y, f"Rabat, le {cx.date()}", p.size, anchor="ra")
        p.y += 60
        p.line(
            "Objet : "
            f"{r.choice(['Accord de prise en charge', 'Prise en charge', 'Accord préalable'])}"
            f" {r.choice(['', 'IMP', 'hospitalisation', 'rééducation', 'prothèse dentaire'])}",
            font=p.bold,
        )
        p.line(f"Réf : Dossier n° {r.randint(10**7, 10**8)} du {cx.date()}")
        p.line(f"Immatriculation : {r.randint(10**7, 10**8)}")
        p.line(f"L'assuré(e) : {cx.name()}")
        p.line(f"Bénéficiaire : {cx.name()}")
        p.y += 20
        p.line("Madame, Monsieur,")
        p.para(
            r.choice(
                [
                    "En réponse à votre demande citée en référence, nous avons l'honneur de vous "
                    "informer de "
                    "notre accord de prise en charge des soins ci-dessous.",
                    "Suite à votre demande d'entente préalable, nous vous informons que le "
                    "médecin conseil a émis "
                    "un avis favorable pour la prise en charge des actes suivants.",
                ]
            )
        )
        p.line(f"- N° de l'accord : {r.randint(10**7, 10**8)}")
        p.line(f"- Code acte : {r.choice(['IMP2', 'KINE', 'ORTH', 'HOSP', 'PROT'])}")
        p.line(f"- Validité de l'accord du {cx.date(2024)} au {cx.date(2025)}")
        p.line(f"- Part CNOPS : {fmt(cx.money(300, 5000))} DH")
        p.para(
            "Nous vous prions de procéder au renouvellement de la demande un mois avant "
            "l'expiration "
            "de sa date de validité.",
            size=p.size - 2,
        )
        p.para("Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.")
        p.stamp(p.w - 320, p.y + 90, ["CNOPS", "Service Prise en charge", "Rabat"])
    else:  # request form
        org = r.choice(["MUPRAS", "MUTUELLE", "CNOPS", "Assurance Maladie Obligatoire"])
        p.text(p.margin, p.y, org, 34, p.bold)
        p.ar(
            p.w - p.margin,
            p.y,
            r.choice(["طلب الموافقة المسبقة", "طلب التكفل", "التعاضدية"]),
            28,
            bold=True,
        )
        p.y += 70
        p.title(
            r.choice(
                [
                    "DEMANDE D'ENTENTE PRÉALABLE",
                    "Demande de prise en charge",
                    "ENTENTE PRÉALABLE",
                    "DEMANDE D'ACCORD PRÉALABLE",
                ]
            ),
            r.choice(["طلب الموافقة المسبقة", None]),
            size=r.randint(32, 42),
            box=r.random() < 0.5,
        )
        p.line("Identification de l'assuré", font=p.bold)
        p.field("Nom et prénom de l'adhérent", cx.name())
        p.field("N° d'immatriculation", str(r.randint(10**6, 10**9)))
        p.field("Bénéficiaire des soins", cx.name())
        p.checks(["Lui-même", "Conjoint", "Enfant"], r.randint(0, 2))
        p.line("Partie réservée au médecin prescripteur", font=p.bold)
        p.field(
            "Nature de l'acte",
            r.choice(
                [
                    "Rééducation fonctionnelle",
                    "Prothèse dentaire",
                    "Hospitalisation",
                    "Orthophonie",
                    "Orthodontie",
                    "Appareillage auditif",
                ]
            ),
        )
        p.field(
            "Nombre de séances / cotation", r.choice(["15 AMM 8", "20 séances", "D 120", "K 50"])
        )
        p.field("Date prévue de début des soins", cx.date())
        p.field(
            "Justification médicale",
            r.choice(
                [
                    "Hémiplégie droite",
                    "Édentement partiel",
                    "Retard de langage",
                    "Fracture du poignet",
                ]
            ),
        )
        p.y += 10
        p.line("Cachet et signature du médecin", font=p.bold)
        p.signature(p.margin + 60, p.y + 20)
        p.stamp(p.margin + 280, p.y + 60, [cx.doctor(), "Médecin", p.r.choice(CITIES)], rect=True)
        p.y += 160
        p.line("Avis du médecin conseil :   ☐ Favorable   ☐ Défavorable", font=p.bold)
        p.line("Décision : ................................  N° d'accord : ..............")
    return p.img


def draw_certificat(cx: Ctx) -> Image.Image:
    r = cx.r
    p = Page(cx)
    doc = _doctor_head(p, cx)
    p.text(p.w - p.margin, p.y, f"{p.city}, le {cx.date()}", p.size, anchor="ra")
    p.y += 70
    p.title(
        r.choice(
            [
                "CERTIFICAT MÉDICAL",
                "Certificat Médical",
                "CERTIFICAT MEDICAL DE REPOS",
                "CERTIFICAT MÉDICAL D'ARRÊT DE TRAVAIL",
            ]
        ),
        r.choice(["شهادة طبية", None]),
        size=r.randint(38, 50),
        box=r.random() < 0.3,
    )
    hand = r.choice(LATIN["hand"]) if r.random() < 0.5 else None
    who = cx.name()
    days = r.randint(2, 30)
    txt = r.choice(
        [
            f"Je soussigné(e), {doc}, certifie avoir examiné ce jour {who}, et déclare que son "
            "état de "
            f"santé nécessite un repos de {days} jours à compter du {cx.date()}, sauf "
            "complications.",
            f"Je soussigné {doc}, docteur en médecine, certifie que {who} présente une affection "
            f"nécessitant un arrêt de travail de {days} ({'quinze' if days == 15 else 'jours'}) "
            "jours.",
            f"Je soussigné, {doc}, certifie que l'enfant {who} est suivi(e) à ma consultation "
            "pour une "
            f"pathologie chronique nécessitant une prise en charge spécialisée au long cours.",
        ]
    )
    p.para(txt, font=hand, size=p.size + 2)
    p.y += 10
    p.para(
        "Certificat établi à la demande de l'intéressé(e) et remis en main propre pour servir et "
        "valoir ce que de droit.",
        font=hand,
        size=p.size + 2,
    )
    p.y += 60
    p.text(p.w - p.margin - 300, p.y, "Signature et cachet", p.size)
    p.signature(p.w - 420, p.y + 60)
    p.stamp(p.w - 320, p.y + 120, [doc[:20], "Médecin", p.city])
    return p.img


def draw_accident(cx: Ctx) -> Image.Image:
    r = cx.r
    p = Page(cx)
    p.text(p.margin, p.y, r.choice(["MUPRAS", "MUTUELLE", "Assurance Maladie"]), 32, p.bold)
    p.ar(p.w - p.margin, p.y, "تصريح بحادثة", 30, bold=True)
    p.y += 70
    p.title(
        r.choice(
            [
                "DÉCLARATION D'ACCIDENT",
                "Déclaration d'accident",
                "DÉCLARATION D'ACCIDENT CORPOREL",
                "DÉCLARATION DES CIRCONSTANCES DE L'ACCIDENT",
            ]
        ),
        r.choice(["التصريح بالحادثة", None]),
        size=r.randint(32, 44),
        box=r.random() < 0.4,
    )
    p.line("1. La victime", font=p.bold)
    p.field("Nom et prénom", cx.name())
    p.field("N° d'adhésion", str(r.randint(10000, 999999)))
    p.checks(["Adhérent", "Conjoint", "Enfant"], r.randint(0, 2))
    p.line("2. L'accident", font=p.bold)
    p.checks(["Circulation", "Travail", "Domestique", "Sport"], r.randint(0, 3))
    p.field(
        "Date de l'accident", cx.date() + f"   Heure : {r.randint(7, 22)}h{r.randint(0, 59):02d}"
    )
    p.field(
        "Lieu de l'accident",
        r.choice(["domicile", "route de ", "stade municipal", "lieu de travail"])
        + " "
        + r.choice(CITIES),
    )
    p.line("Circonstances détaillées :", font=p.bold)
    p.para(
        r.choice(
            [
                "En descendant les escaliers de l'immeuble, la victime a glissé et est tombée "
                "sur le poignet droit.",
                "Collision entre le véhicule de l'assuré et une moto au niveau du rond-point, "
                "choc latéral.",
                "Chute lors d'un match de football, torsion de la cheville gauche.",
                "Brûlure de la main par de l'huile chaude en cuisine.",
            ]
        ),
        font=r.choice(LATIN["hand"]),
        fill=p.pen,
        size=p.size + 2,
    )
    p.field(
        "Nature des lésions",
        r.choice(["Fracture", "Entorse", "Contusions multiples", "Brûlure 2e degré"]),
    )
    p.field("Tiers responsable", r.choice(["Néant", "Oui - " + cx.name()]))
    p.line("Témoins (nom, adresse) :", font=p.bold)
    p.field("1", cx.name() + " - " + cx.address(), dots=False)
    p.field("Procès-verbal établi par", r.choice(["Police", "Gendarmerie", "Néant"]))
    p.para("Je certifie sur l'honneur l'exactitude des renseignements ci-dessus.", size=p.size - 2)
    p.field("Fait à", r.choice(CITIES) + " le " + cx.date(), dots=False)
    p.signature(p.w - 420, p.y)
    return p.img


def draw_chronique(cx: Ctx) -> Image.Image:
    r = cx.r
    p = Page(cx)
    p.text(p.margin, p.y, r.choice(["MUPRAS", "MUTUELLE", "CNOPS - AMO"]), 32, p.bold)
    p.ar(
        p.w - p.margin,
        p.y,
        r.choice(["التصريح بمرض مزمن", "مرض طويل الأمد", "التعاضدية"]),
        28,
        bold=True,
    )
    p.y += 70
    p.title(
        r.choice(
            [
                "DÉCLARATION DE MALADIE CHRONIQUE",
                "Déclaration d'Affection de Longue Durée",
                "DÉCLARATION DE MALADIE CHRONIQUE (ALD / ALC)",
                "Formulaire ALD - Maladie chronique",
            ]
        ),
        r.choice(["التصريح بمرض مزمن", None]),
        size=r.randint(30, 40),
        box=r.random() < 0.4,
    )
    p.checks(["Première déclaration", "Renouvellement"], r.randint(0, 1))
    p.line("Adhérent", font=p.bold)
    p.field("Nom et prénom", cx.name())
    p.field("Matricule", str(r.randint(10000, 999999)))
    p.line("Malade", font=p.bold)
    p.field("Nom et prénom du malade", cx.name())
    p.checks(["Lui-même", "Conjoint", "Enfant"], r.randint(0, 2))
    p.line("Partie réservée au médecin traitant", font=p.bold)
    ald = r.choice(
        [
            ("Diabète type 2", "ALD 9"),
            ("Hypertension artérielle sévère", "ALD 12"),
            ("Insuffisance rénale chronique", "ALD 19"),
            ("Polyarthrite rhumatoïde", "ALD 22"),
            ("Asthme sévère", "ALD 14"),
            ("Hypothyroïdie", "ALD 8"),
            ("Cardiopathie", "ALD 5"),
        ]
    )
    p.field("Diagnostic", ald[0])
    p.field("Code ALD / ALC", ald[1])
    p.field("Date de début de la maladie", cx.date(r.randint(2010, 2022)))
    p.field("Traitement au long cours", ", ".join(d for d, _u, _p in r.sample(DRUGS, 2)))
    p.field("Durée prévisible du traitement", r.choice(["6 mois", "à vie", "12 mois"]))
    p.para(
        "Cette déclaration doit être renouvelée tous les six mois par le médecin traitant.",
        size=p.size - 2,
    )
    p.field("Date", cx.date(), dots=False)
    p.line("Cachet et signature du médecin traitant", dx=400)
    p.signature(p.w - 420, p.y + 10)
    p.stamp(
        p.w - 340, p.y + 70, [cx.doctor()[:20], "Médecin traitant", r.choice(CITIES)], rect=True
    )
    return p.img


def draw_devis(cx: Ctx) -> Image.Image:
    r = cx.r
    p = Page(cx)
    doc = cx.doctor()
    p.letterhead(
        doc,
        r.choice(
            [
                "Chirurgien-Dentiste",
                "Chirurgien Dentiste - Orthodontie",
                "Médecin dentiste - Implantologie",
            ]
        ),
        "جراح الأسنان",
        [cx.address(), f"Tél : {cx.phone()}  INPE : {r.randint(10**8, 10**9)}"],
        name_ar="طبيب الأسنان",
    )
    p.text(p.w - p.margin, p.y, f"{p.city}, le {cx.date()}", p.size, anchor="ra")
    p.y += 60
    p.title(
        r.choice(
            [
                "DEVIS",
                "Devis de soins dentaires",
                "DEVIS PROTHÉTIQUE",
                "Devis n° " + str(r.randint(10, 999)),
                "PLAN DE TRAITEMENT ET DEVIS",
            ]
        ),
        r.choice(["تقدير الأثمان", None]),
        size=r.randint(36, 48),
        box=r.random() < 0.3,
    )
    p.field("Patient(e)", cx.name(), dots=False)
    acts = [
        ("Couronne céramo-métallique", "D 90"),
        ("Couronne zircone", "D 120"),
        ("Bridge 3 éléments", "D 270"),
        ("Traitement canalaire (pluriradiculée)", "D 30"),
        ("Inlay-core", "D 25"),
        ("Implant", "D 300"),
        ("Détartrage", "D 15"),
        ("Prothèse adjointe partielle résine", "D 150"),
        ("Extraction", "D 10"),
        ("Composite 2 faces", "D 12"),
    ]
    rows = []
    total = 0.0
    for act, coef in r.sample(acts, r.randint(2, 5)):
        m = cx.money(300, 6000)
        total += m
        rows.append(
            [str(r.choice([11, 14, 16, 21, 24, 26, 36, 37, 45, 46, 47])), act, coef, fmt(m)]
        )
    p.table(["Dent", "Acte", "Cotation", "Montant (DH)"], rows, [0.7, 3, 1, 1.3])
    p.text(p.w - p.margin - 450, p.y, "Montant total :", p.size + 2, p.bold)
    p.text(p.w - p.margin, p.y, fmt(total) + " DH", p.size + 2, p.bold, anchor="ra")
    p.y += 70
    if r.random() < 0.5:
        p.line(
            "H   18 17 16 15 14 13 12 11 | 21 22 23 24 25 26 27 28", font=LATIN["mono"][0], size=22
        )
        p.line(
            "B   48 47 46 45 44 43 42 41 | 31 32 33 34 35 36 37 38", font=LATIN["mono"][0], size=22
        )
    p.field("Date du devis", cx.date(), dots=False)
    p.line(
        r.choice(
            [
                "Devis valable trois mois.",
                "Ce devis est valable 3 mois à compter de sa date.",
                "Accord du patient : lu et approuvé",
            ]
        ),
        size=p.size - 2,
    )
    p.signature(p.w - 420, p.y + 20)
    p.stamp(p.w - 320, p.y + 80, [doc[:20], "Chirurgien-Dentiste", p.city])
    return p.img


def draw_radio(cx: Ctx) -> Image.Image:
    r = cx.r
    w, h = r.choice([(1400, 1700), (1700, 1400), (1500, 1200)])
    a = np.zeros((h, w), np.float32) + r.uniform(10, 35)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    kind = r.choice(["chest", "hand", "knee", "pano", "spine"])
    img = Image.fromarray(np.zeros((h, w), np.uint8))
    d = ImageDraw.Draw(img)
    g = r.randint(150, 220)
    if kind == "chest":
        d.ellipse([w * 0.2, h * 0.15, w * 0.48, h * 0.85], fill=60)
        d.ellipse([w * 0.52, h * 0.15, w * 0.8, h * 0.85], fill=60)
        for k in range(10):
            y = h * (0.2 + k * 0.065)
            d.arc([w * 0.15, y, w * 0.5, y + h * 0.12], 200, 340, fill=g, width=10)
            d.arc([w * 0.5, y, w * 0.85, y + h * 0.12], 200, 340, fill=g, width=10)
        d.rectangle([w * 0.47, h * 0.1, w * 0.53, h * 0.9], fill=g - 20)
        d.ellipse([w * 0.45, h * 0.45, w * 0.65, h * 0.75], fill=g - 60)
    elif kind == "hand":
        d.rectangle([w * 0.3, h * 0.6, w * 0.7, h * 0.95], fill=g - 30)
        for k in range(4):
            x = w * (0.32 + k * 0.1)
            for s in range(3):
                d.rounded_rectangle(
                    [x, h * (0.55 - s * 0.14), x + w * 0.05, h * (0.66 - s * 0.14)], 12, fill=g
                )
        d.rounded_rectangle([w * 0.18, h * 0.45, w * 0.25, h * 0.65], 12, fill=g)
    elif kind == "knee":
        d.rounded_rectangle([w * 0.38, 0, w * 0.62, h * 0.47], 40, fill=g)
        d.rounded_rectangle([w * 0.36, h * 0.52, w * 0.64, h], 40, fill=g)
        d.rounded_rectangle([w * 0.66, h * 0.55, w * 0.72, h], 20, fill=g - 40)
        d.ellipse([w * 0.42, h * 0.36, w * 0.58, h * 0.5], fill=g + 20)
    elif kind == "pano":
        d.arc([w * 0.1, h * 0.2, w * 0.9, h * 0.95], 10, 170, fill=g - 40, width=120)
        for k in range(16):
            x = w * (0.15 + k * 0.045)
            d.rounded_rectangle([x, h * 0.4, x + w * 0.035, h * 0.5], 8, fill=g + 20)
            d.rounded_rectangle([x, h * 0.55, x + w * 0.035, h * 0.65], 8, fill=g + 20)
    else:
        for k in range(8):
            y = h * (0.08 + k * 0.11)
            d.rounded_rectangle([w * 0.42, y, w * 0.58, y + h * 0.08], 14, fill=g)
            d.line([w * 0.42, y + h * 0.04, w * 0.3, y + h * 0.06], fill=g - 50, width=14)
            d.line([w * 0.58, y + h * 0.04, w * 0.7, y + h * 0.06], fill=g - 50, width=14)
    bone = np.asarray(img.filter(ImageFilter.GaussianBlur(r.uniform(6, 14))), np.float32)
    body = np.exp(
        -(((xx - w / 2) / (w * 0.45)) ** 2 + ((yy - h / 2) / (h * 0.6)) ** 2)
    ) * r.uniform(30, 60)
    a += bone + body + cx.np.normal(0, 6, (h, w)).astype(np.float32)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).convert("RGB")
    tint = r.choice([(1.0, 1.0, 1.0), (0.92, 0.97, 1.05), (0.95, 1.0, 1.0)])
    out = Image.fromarray(np.clip(np.asarray(out, np.float32) * tint, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(out)
    f = _font(LATIN["bold"][0], r.randint(50, 80))
    d.text(
        (w * 0.08, h * 0.06) if r.random() < 0.5 else (w * 0.85, h * 0.06),
        r.choice(["R", "L", "D", "G"]),
        font=f,
        fill=(235, 235, 235),
    )
    if r.random() < 0.8:
        fs = _font(r.choice(LATIN["sans"]), r.randint(22, 30))
        lines = [cx.date()]
        if r.random() < 0.6:
            lines.insert(0, cx.name().upper())
        if r.random() < 0.5:
            lines.append(
                r.choice(["CENTRE DE RADIOLOGIE", "CHU", "HOPITAL", "IMAGERIE"])
                + " "
                + r.choice(CITIES)
            )
        y = h * 0.86
        for label in lines:
            d.text((w * 0.06, y), label, font=fs, fill=(220, 220, 220))
            y += 36
    # film on lightbox / window: a bright margin around
    if r.random() < 0.5:
        pad = r.randint(30, 90)
        big = Image.new(
            "RGB", (w + 2 * pad, h + 2 * pad), tuple(r.randint(200, 250) for _ in range(3))
        )
        big.paste(out, (pad, pad))
        out = big
    return out


DRAWERS: dict[str, Callable[[Ctx], Image.Image]] = {
    "feuille_de_soins": draw_feuille,
    "ordonnance": draw_ordonnance,
    "facture": draw_facture,
    "vignettes": draw_vignettes,
    "resultats": draw_resultats,
    "calendrier_seances": draw_calendrier,
    "entente_prealable": draw_entente,
    "certificat_medical": draw_certificat,
    "declaration_accident": draw_accident,
    "declaration_maladie_chronique": draw_chronique,
    "devis": draw_devis,
    "radiographie": draw_radio,
}


# ---------------------------------------------------------------- phone-photo degradation
def _background(cx: Ctx, w: int, h: int) -> np.ndarray:
    r = cx.r
    base = np.array(
        r.choice(
            [
                (120, 85, 55),
                (160, 120, 80),
                (90, 90, 95),
                (200, 195, 185),
                (60, 45, 35),
                (170, 170, 160),
                (140, 100, 70),
            ]
        ),
        np.float32,
    )
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if r.random() < 0.6:  # wood grain
        grain = np.sin(yy / r.uniform(6, 14) + 3 * np.sin(xx / r.uniform(80, 200))) * r.uniform(
            8, 20
        )
    else:
        grain = np.zeros((h, w), np.float32)
    small = cx.np.normal(0, 1, (h // 32 + 1, w // 32 + 1)).astype(np.float32)
    low = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC) * 10
    noise = cx.np.normal(0, 5, (h, w)).astype(np.float32)
    return np.clip(base[None, None, :] + (grain + low + noise)[..., None], 0, 255)


def photo(page: Image.Image, cx: Ctx, long_side: int = 1280) -> Image.Image:
    """Turn a flat page into a phone photo."""
    r = cx.r
    pw, ph = page.size
    portrait = ph >= pw
    W, H = (960, 1280) if portrait else (1280, 960)
    if long_side != 1280:
        W, H = int(W * long_side / 1280), int(H * long_side / 1280)
    bg = _background(cx, W, H)
    fill = r.uniform(0.78, 0.97)
    crop = r.random() < 0.15
    if crop:
        fill = r.uniform(1.0, 1.08)
    s = min(W * fill / pw, H * fill / ph)
    sw, sh = pw * s, ph * s
    cxp, cyp = W / 2 + r.uniform(-0.04, 0.04) * W, H / 2 + r.uniform(-0.04, 0.04) * H
    ang = math.radians(r.uniform(-8, 8))
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    corners = []
    for x, y in [(-sw / 2, -sh / 2), (sw / 2, -sh / 2), (sw / 2, sh / 2), (-sw / 2, sh / 2)]:
        jx, jy = r.uniform(-0.035, 0.035) * sw, r.uniform(-0.03, 0.03) * sh
        x, y = x + jx, y + jy
        corners.append(
            [
                cxp + x * math.cos(ang) - y * math.sin(ang),
                cyp + x * math.sin(ang) + y * math.cos(ang),
            ]
        )
    # perspective: one side narrower
    if r.random() < 0.7:
        k = r.uniform(0.0, 0.06) * sw
        if r.random() < 0.5:
            corners[0][0] += k
            corners[1][0] -= k
        else:
            corners[3][0] += k
            corners[2][0] -= k
    dst = np.array(corners, np.float32)
    M = cv2.getPerspectiveTransform(src, dst)
    arr = np.asarray(page.convert("RGB"), np.float32)
    warped = cv2.warpPerspective(arr, M, (W, H), flags=cv2.INTER_AREA, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), M, (W, H), flags=cv2.INTER_LINEAR)
    # soft drop shadow under the sheet
    shadow = cv2.GaussianBlur(
        cv2.warpAffine(mask, np.array([[1, 0, 8], [0, 1, 10]], np.float32), (W, H)), (0, 0), 9
    )
    bgs = bg * (1 - 0.35 * shadow[..., None])
    out = warped * mask[..., None] + bgs * (1 - mask[..., None])
    # uneven light: gradient + optional hand/phone shadow blob
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    gx, gy = r.uniform(-1, 1), r.uniform(-1, 1)
    light = 1 + r.uniform(0.08, 0.25) * ((xx / W - 0.5) * gx + (yy / H - 0.5) * gy)
    light *= r.uniform(0.8, 1.0)
    if r.random() < 0.5:
        bx, by = r.uniform(0, W), r.uniform(0, H)
        rad = r.uniform(0.25, 0.5) * max(W, H)
        blob = np.exp(-(((xx - bx) ** 2 + (yy - by) ** 2) / (2 * rad * rad)))
        light *= 1 - r.uniform(0.15, 0.35) * blob
    out = out * light[..., None]
    warm = np.array(r.choice([(1.0, 1.0, 1.0), (1.04, 1.0, 0.92), (0.95, 0.98, 1.05)]), np.float32)
    out = out * warm
    img = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    if r.random() < 0.2:  # a thumb holding the sheet
        side = r.choice(["left", "right", "bottom"])
        skin = r.choice([(200, 150, 120), (170, 120, 90), (225, 180, 150), (140, 95, 70)])
        tw, th = r.randint(110, 170), r.randint(190, 270)
        if side == "left":
            x0, y0 = -tw // 2, r.randint(H // 4, 3 * H // 4)
        elif side == "right":
            x0, y0 = W - tw // 2, r.randint(H // 4, 3 * H // 4)
        else:
            x0, y0 = r.randint(W // 4, 3 * W // 4), H - th // 2
            tw, th = th, tw
        d.ellipse([x0, y0, x0 + tw, y0 + th], fill=skin)
        d.ellipse(
            [x0 + tw * 0.25, y0 + th * 0.08, x0 + tw * 0.75, y0 + th * 0.35],
            fill=tuple(min(255, c + 25) for c in skin),
        )
    img = img.filter(ImageFilter.GaussianBlur(r.uniform(0.3, 1.3)))
    if r.random() < 0.3:  # slight motion blur
        k = r.choice([3, 5])
        ker = np.zeros((k, k), np.float32)
        ker[k // 2, :] = 1 / k
        img = Image.fromarray(cv2.filter2D(np.asarray(img), -1, ker))
    arr2 = np.asarray(img, np.float32) + cx.np.normal(0, r.uniform(2, 6), (H, W, 1)).astype(
        np.float32
    )
    return Image.fromarray(np.clip(arr2, 0, 255).astype(np.uint8))


def make_page(doctype: str, seed: int) -> Image.Image:
    return DRAWERS[doctype](Ctx(seed * 7919 + DOC_TYPES.index(doctype)))


def make_photo(doctype: str, seed: int) -> bytes:
    """JPEG bytes of one degraded phone photo of `doctype`."""
    cx = Ctx(seed * 104729 + DOC_TYPES.index(doctype) * 31 + 7)
    img = photo(make_page(doctype, seed), cx)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=cx.r.randint(45, 60))
    return buf.getvalue()


def write_batch(
    out: Path, per_type: int, seed0: int, types: Sequence[str] = DOC_TYPES
) -> list[tuple[Path, str]]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for t in types:
        for k in range(per_type):
            path = out / f"{t}__{seed0 + k}.jpg"
            path.write_bytes(make_photo(t, seed0 + k))
            made.append((path, t))
    return made


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--per-type", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1000)
    ap.add_argument("--types", nargs="*", default=list(DOC_TYPES))
    a = ap.parse_args(argv)
    for path, _t in write_batch(a.out, a.per_type, a.seed, a.types):
        print(path)


if __name__ == "__main__":
    main()

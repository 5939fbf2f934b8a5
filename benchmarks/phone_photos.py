"""Phone photos of Moroccan health-insurance claim papers, drawn from a seed (issue 10).

An independent generator for evaluating recognition: it draws each document type of the rulebook
(the MUPRAS "Déclaration de Maladie" and its attachments) with fields filled in by hand, stamps,
signatures, staples, folds, stains, a thumb or a hand's shadow, paper curl, blur, a sheet on a
table at an angle, Telegram-like recompression, rotated pages, scans and PDFs; and non-documents
(selfie-like blobs, a shop receipt, an ID-like card, a chat screenshot, a blank page, a dark
photo). It knows the truth it drew: the type, and where it wrote them, the dates, totals and
invoice number.

Usage: python benchmarks/phone_photos.py OUT_DIR [--per-type N] [--seed0 S]
(writes the images and OUT_DIR/truth.jsonl). Every name and number is invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont, features

DOC_TYPES = (
    "feuille_de_soins",
    "ordonnance",
    "facture",
    "vignettes",
    "resultats",
    "calendrier_seances",
    "entente_prealable",
    "certificat_medical",
    "declaration_accident",
    "declaration_maladie_chronique",
    "devis",
    "radiographie",
)
NEGATIVES = ("selfie", "receipt", "id_card", "chat", "blank", "dark")
LEVELS = ("normal", "hard", "extreme")
ROTATIONS = (0, 90, 180, 270)
MEDIA = ("photo", "scan", "pdf")

# ---------------------------------------------------------------- fonts (Debian packages)

_SANS = (
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
_SANS_BOLD = (
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/opentype/urw-base35/NimbusSans-Bold.otf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
_SERIF = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/opentype/urw-base35/C059-Roman.otf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)
_SERIF_BOLD = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "/usr/share/fonts/opentype/urw-base35/C059-Bold.otf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
)
_MONO = (
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
    "/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
)
_HAND = (
    "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",  # fonts-dkg-handwriting
    "/usr/share/fonts/truetype/breip/Breip.ttf",  # fonts-breip
    "/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf",  # fonts-femkeklaver
    "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",  # fonts-humor-sans
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf",  # fonts-comic-neue
    "/usr/share/fonts/truetype/kristi/Kristi.ttf",  # fonts-kristi
    "/usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf",  # fonts-urw-base35
)
_HAND_FALLBACK = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",)
_ARABIC = (
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def _present(paths: Sequence[str]) -> list[str]:
    return [p for p in paths if Path(p).is_file()]


def fonts_available() -> dict[str, list[str]]:
    """The font files found on this machine, by role."""
    return {
        "sans": _present(_SANS),
        "sans_bold": _present(_SANS_BOLD),
        "serif": _present(_SERIF),
        "serif_bold": _present(_SERIF_BOLD),
        "mono": _present(_MONO),
        "hand": _present(_HAND) or _present(_HAND_FALLBACK),
        "arabic": _present(_ARABIC),
    }


_FONTS = fonts_available()
_CACHE: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}
_RAQM = features.check("raqm")


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A cached font; Arabic needs libraqm for shaping (else letters come unjoined)."""
    key = (path, size)
    if key not in _CACHE:
        engine = ImageFont.Layout.RAQM if _RAQM else ImageFont.Layout.BASIC
        _CACHE[key] = ImageFont.truetype(path, size, layout_engine=engine)
    return _CACHE[key]


# ---------------------------------------------------------------- invented people and places
# ruff: noqa: SIM905 (word lists are easier to read and edit as one string)

FIRST = (
    "Salma Youssef Khadija Hamza Imane Othmane Nisrine Anas Meryem Soufiane Hajar Reda Zineb "
    "Ayoub Loubna Mehdi Houda Ilyas Sanae Karim Fatima-Zahra Adil Ghita Tarik Asmae Nabil Siham "
    "Hicham Btissam Yassine Rajae Abdelilah Najat Driss Kenza Amine Wiam Said Laila Badr"
).split()
LAST = (
    "Bennis Ouazzani Lahlou Chraibi Berrada Filali Tazi Alami Bouzidi Sqalli Kettani Idrissi "
    "Naciri Benjelloun Amrani Fassi Lamrini Sebti Ziani Haddaoui Mansouri Ouali Rhazali Tahiri "
    "Zerhouni Guessous Benkirane Skalli Hajji Marzouki Bakkali Azzouzi Cherkaoui Rifai Laraki"
).split()
CITIES = (
    "Casablanca Rabat Fès Marrakech Tanger Agadir Meknès Oujda Kénitra Tétouan Salé Mohammedia "
    "El-Jadida Béni-Mellal Safi Nador Khouribga Settat Larache Taza"
).split()
STREETS = (
    "Bd Zerktouni",
    "Avenue Hassan II",
    "Rue Ibn Sina",
    "Bd Mohammed V",
    "Rue Moulay Youssef",
    "Avenue des FAR",
    "Rue Abou Bakr Seddik",
    "Bd Anfa",
    "Rue de Fès",
    "Avenue Allal El Fassi",
    "Rue Ibn Batouta",
    "Bd Al Qods",
    "Rue Tarik Ibn Ziad",
    "Lotissement Al Wahda",
    "Résidence Nour, Imm. 4",
)
MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
)
AR_NAMES = ("بناني", "العلوي", "التازي", "الفاسي", "بنجلون", "الإدريسي", "المنصوري", "الشرقاوي")

MEDICINES = (
    ("Doliprane 1000 mg", "cp", "1 cp 3 fois par jour pendant 5 jours"),
    ("Amoxicilline 1 g", "cp", "1 cp matin et soir pendant 8 jours"),
    ("Augmentin 1g/125mg", "sachet", "1 sachet x 2/j pendant 7 j"),
    ("Spasfon Lyoc 80 mg", "cp", "2 cp en cas de douleur"),
    ("Ibuprofène 400 mg", "cp", "1 cp après repas x 3/j - 4 jours"),
    ("Omeprazole 20 mg", "gélule", "1 gél le matin à jeun - 1 mois"),
    ("Glucophage 850 mg", "cp", "1 cp matin et soir au cours des repas"),
    ("Amlor 5 mg", "gélule", "1 gélule par jour - 3 mois"),
    ("Ventoline 100 µg", "flacon", "2 bouffées si gêne respiratoire"),
    ("Clamoxyl 500 mg", "sirop", "1 c. mesure x 3 / jour"),
    ("Voltarène Emulgel", "tube", "application locale 3 fois/j"),
    ("Vitamine D3 200 000 UI", "ampoule", "1 ampoule à boire, à renouveler dans 3 mois"),
    ("Maxilase sirop", "flacon", "1 c. à soupe 3 fois par jour"),
    ("Lévothyrox 50 µg", "cp", "1 cp le matin à jeun"),
    ("Smecta", "sachet", "3 sachets par jour pendant 3 jours"),
    ("Rhinathiol 5%", "sirop", "1 cuillère à café 3 fois/j"),
)
DIAGNOSES = (
    "Angine érythémateuse",
    "Lombalgie aiguë",
    "Gastro-entérite",
    "Bronchite aiguë",
    "Entorse de la cheville droite",
    "HTA",
    "Diabète type 2 déséquilibré",
    "Sinusite maxillaire",
    "Otite moyenne aiguë",
    "Cervicalgie",
    "Tendinite de l'épaule gauche",
    "Infection urinaire",
    "Rhinopharyngite",
    "Retard de langage",
)


@dataclass
class Truth:
    """What one generated file is: its type, how it was degraded, and the fields it carries."""

    name: str
    seed: int
    doc_type: str  # a rulebook id, or "unknown" for a non-document
    negative: str | None  # the kind of non-document, if it is one
    level: str
    rotation: int
    medium: str
    fields: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- small helpers


def fr_date(d: dt.date, r: random.Random, *, hand: bool = False) -> str:
    """A date as French papers print or write it."""
    styles = ["%d/%m/%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "long"]
    if hand:
        styles += ["%d/%m/%y", "short"]
    style = r.choice(styles)
    if style == "long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "short":
        return f"{d.day}/{d.month}/{d.year}"
    return d.strftime(style)


def money(v: Decimal, r: random.Random, *, unit: bool = True) -> str:
    """An amount the Moroccan way: 1 250,00 / 1250.00 / 1.250,00, with or without DH."""
    cents = f"{v:.2f}"
    whole, dec = cents.split(".")
    style = r.randrange(4)
    if style == 0:
        grouped = f"{int(whole):,}".replace(",", " ")
        text = f"{grouped},{dec}"
    elif style == 1:
        text = f"{whole}.{dec}"
    elif style == 2:
        text = f"{int(whole):,}".replace(",", ".") + f",{dec}"
    else:
        text = f"{whole},{dec}"
    if unit:
        text += r.choice([" DH", " Dhs", " MAD", " DH", ""])
    return text


_UNITS = (
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize dix-sept dix-huit dix-neuf"
).split()
_TENS = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"]


def words_fr(n: int) -> str:
    """A whole number in French words (for "Arrêtée la présente facture à la somme de ...")."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        if tens in (7, 9):
            base = "soixante" if tens == 7 else "quatre-vingt"
            rest = 10 + unit
            return f"{base}{' et ' if rest == 11 and tens == 7 else '-'}{_UNITS[rest]}"
        base = "quatre-vingt" if tens == 8 else _TENS[tens]
        if unit == 0:
            return base + ("s" if tens == 8 else "")
        return f"{base}{' et ' if unit == 1 and tens != 8 else '-'}{_UNITS[unit]}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
        if rest == 0:
            return head + ("s" if hundreds > 1 else "")
        return f"{head} {words_fr(rest)}"
    thousands, rest = divmod(n, 1000)
    head = "mille" if thousands == 1 else f"{words_fr(thousands)} mille"
    return head if rest == 0 else f"{head} {words_fr(rest)}"


def person(r: random.Random) -> tuple[str, str]:
    """An invented (first name, last name)."""
    return r.choice(FIRST), r.choice(LAST)


def phone(r: random.Random) -> str:
    """An invented Moroccan phone number."""
    return f"0{r.choice('5566')} {r.randint(20, 39)} {r.randint(10, 99)} {r.randint(10, 99)} " + (
        f"{r.randint(10, 99)}"
    )


def base_date(r: random.Random) -> dt.date:
    """A date in the last three years."""
    return dt.date(2024, 1, 1) + dt.timedelta(days=r.randint(0, 1060))


# ---------------------------------------------------------------- the sheet and its pens


class Sheet:
    """A paper page with printed type, one writer's hand, stamps and signatures."""

    def __init__(
        self, r: random.Random, size: tuple[int, int] = (1240, 1754), tint: int = 0
    ) -> None:
        self.r = r
        self.w, self.h = size
        base = 246 - tint
        paper = (base, base - r.randint(0, 4), base - r.randint(2, 10))
        self.img = Image.new("RGB", size, paper)
        self.draw = ImageDraw.Draw(self.img)
        self.serif = r.random() < 0.35
        self.hand_font = r.choice(_FONTS["hand"])
        self.ink = r.choice([(22, 38, 140), (18, 28, 96), (30, 30, 36), (40, 60, 170)])
        self.slant = r.uniform(-0.05, 0.35)
        self.hand_scale = r.uniform(0.9, 1.25)
        self.wobble = r.uniform(0.5, 2.5)
        self.face = r.randrange(4)  # which of the family's fonts the printer used

    def pfont(self, size: int, *, bold: bool = False, mono: bool = False) -> Any:
        """A printed font of the page's family."""
        if mono:
            role = "mono"
        elif self.serif:
            role = "serif_bold" if bold else "serif"
        else:
            role = "sans_bold" if bold else "sans"
        paths = _FONTS[role] or _FONTS["sans"]
        return font(paths[self.face % len(paths)], size)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: int = 24,
        *,
        bold: bool = False,
        fill: tuple[int, int, int] = (28, 28, 30),
        anchor: str = "la",
        mono: bool = False,
    ) -> float:
        """Printed text; returns its width."""
        f = self.pfont(size, bold=bold, mono=mono)
        self.draw.text((x, y), s, font=f, fill=fill, anchor=anchor)
        return float(self.draw.textlength(s, font=f))

    def center(self, y: float, s: str, size: int = 30, *, bold: bool = True, **kw: Any) -> None:
        """Printed text centred on the page."""
        self.text(self.w / 2, y, s, size, bold=bold, anchor="ma", **kw)

    def arabic(
        self,
        x_right: float,
        y: float,
        s: str,
        size: int = 26,
        fill: tuple[int, int, int] = (28,) * 3,
    ) -> None:
        """Arabic text, right-aligned at x_right (shaped by libraqm when Pillow has it)."""
        f = font(_FONTS["arabic"][0], size)
        kw: dict[str, Any] = {"direction": "rtl", "language": "ar"} if _RAQM else {}
        self.draw.text((x_right, y), s, font=f, fill=fill, anchor="ra", **kw)

    def para(self, x: float, y: float, width: float, s: str, size: int = 22) -> float:
        """A wrapped printed paragraph; returns the y below it."""
        f = self.pfont(size)
        line = ""
        for word in s.split():
            trial = f"{line} {word}".strip()
            if self.draw.textlength(trial, font=f) > width and line:
                self.draw.text((x, y), line, font=f, fill=(30, 30, 32))
                y += size * 1.35
                line = word
            else:
                line = trial
        if line:
            self.draw.text((x, y), line, font=f, fill=(30, 30, 32))
            y += size * 1.35
        return y

    def hand(self, x: float, y: float, s: str, size: int = 30) -> float:
        """Handwriting: one writer's font, slanted, uneven size and baseline; returns its width."""
        r = self.r
        size = max(12, int(size * self.hand_scale))
        pad = size
        f0 = font(self.hand_font, size)
        est = int(self.draw.textlength(s, font=f0) * 1.25) + 2 * pad
        layer = Image.new("L", (max(est, 4), size * 2 + 2 * pad), 0)
        ld = ImageDraw.Draw(layer)
        cx = float(pad)
        drift = 0.0
        for ch in s:
            fs = max(10, int(size * r.uniform(0.88, 1.12)))
            f = font(self.hand_font, fs)
            drift += r.uniform(-self.wobble, self.wobble) * 0.4
            ld.text((cx, pad + drift + r.uniform(-self.wobble, self.wobble)), ch, font=f, fill=255)
            cx += ld.textlength(ch, font=f) * r.uniform(0.92, 1.12)
        layer = layer.crop((0, 0, int(cx) + pad, layer.height))
        shear = self.slant + r.uniform(-0.05, 0.05)
        lw, lh = layer.size
        layer = layer.transform(
            (lw + int(abs(shear) * lh), lh),
            Image.Transform.AFFINE,
            (1, shear, -max(shear, 0) * lh, 0, 1, 0),
            resample=Image.Resampling.BILINEAR,
        )
        layer = layer.rotate(r.uniform(-2.5, 2.5), resample=Image.Resampling.BILINEAR, expand=True)
        pressure = r.uniform(0.75, 1.0)
        alpha = layer.point(lambda v: int(v * pressure))
        ink = Image.new("RGB", layer.size, self.ink)
        self.img.paste(ink, (int(x - pad), int(y - pad)), alpha)
        return cx - pad

    def line(
        self, x0: float, y0: float, x1: float, y1: float, w: int = 2, dotted: bool = False
    ) -> None:
        """A printed rule (dotted for a fill-in line)."""
        if not dotted:
            self.draw.line((x0, y0, x1, y1), fill=(60, 60, 64), width=w)
            return
        x = x0
        while x < x1:
            self.draw.line((x, y0, min(x + 3, x1), y0), fill=(90, 90, 96), width=1)
            x += 7

    def box(self, x0: float, y0: float, x1: float, y1: float, w: int = 2, **kw: Any) -> None:
        """A printed frame."""
        self.draw.rectangle((x0, y0, x1, y1), outline=kw.get("color", (50, 50, 56)), width=w)

    def check(self, x: float, y: float, label: str, ticked: bool, size: int = 22) -> float:
        """A printed tick box with its label, ticked by hand; returns the x after it."""
        self.box(x, y, x + size, y + size, 2)
        if ticked:
            f = font(self.hand_font, int(size * 1.4))
            self.draw.text((x - 2, y - size * 0.45), "X", font=f, fill=self.ink)
        return x + size + 8 + self.text(x + size + 8, y - 2, label, size) + 24

    def field_line(
        self, x: float, y: float, label: str, value: str | None, width: float, size: int = 23
    ) -> None:
        """A printed label, a dotted line, and a handwritten value on it (or left blank)."""
        lw = self.text(x, y, label, size)
        self.line(x + lw + 6, y + size, x + width, y + size, dotted=True)
        if value:
            self.hand(x + lw + 14 + self.r.uniform(0, 30), y - size * 0.45, value, int(size * 1.3))

    def table(
        self,
        x0: float,
        y0: float,
        widths: Sequence[float],
        row_h: float,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        hand_cols: Sequence[int] = (),
        size: int = 20,
    ) -> float:
        """A ruled table with a printed header; cells printed or written; returns its bottom."""
        n = len(rows) + 1
        x_end = x0 + sum(widths)
        for i in range(n + 1):
            self.line(x0, y0 + i * row_h, x_end, y0 + i * row_h, 2 if i < 2 else 1)
        x = x0
        for wd in [*widths, 0]:
            self.line(x, y0, x, y0 + n * row_h, 1)
            x += wd
        x = x0
        for wd, head in zip(widths, header, strict=False):
            self.text(x + 6, y0 + (row_h - size) / 2, head, size, bold=True)
            x += wd
        for ri, row in enumerate(rows, start=1):
            x = x0
            for ci, (wd, cell) in enumerate(zip(widths, row, strict=False)):
                yy = y0 + ri * row_h
                if cell and ci in hand_cols:
                    self.hand(x + 8, yy + row_h * 0.1, cell, int(size * 1.3))
                elif cell:
                    self.text(x + 6, yy + (row_h - size) / 2, cell, size)
                x += wd
        return y0 + n * row_h

    def stamp(
        self, cx: float, cy: float, lines: Sequence[str], *, round_: bool | None = None
    ) -> None:
        """A rubber stamp: round or rectangular, coloured, semi-transparent, unevenly inked."""
        r = self.r
        round_ = r.random() < 0.45 if round_ is None else round_
        color = r.choice([(40, 60, 170), (120, 40, 150), (190, 40, 50), (30, 110, 80)])
        sz = 26
        f = font((_FONTS["sans_bold"] or _FONTS["sans"])[0], sz)
        if round_:
            rad = 150
            layer = Image.new("L", (2 * rad + 20, 2 * rad + 20), 0)
            ld = ImageDraw.Draw(layer)
            c = rad + 10
            ld.ellipse((c - rad, c - rad, c + rad, c + rad), outline=255, width=5)
            ld.ellipse(
                (c - rad + 44, c - rad + 44, c + rad - 44, c + rad - 44), outline=255, width=3
            )
            ring = " * ".join(lines[:2]).upper()
            step = min(300.0 / max(len(ring), 1), 14.0)
            for i, ch in enumerate(ring):
                ang = math.radians(-150 + i * step)
                glyph = Image.new("L", (40, 40), 0)
                ImageDraw.Draw(glyph).text((20, 20), ch, font=f, fill=255, anchor="mm")
                glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BILINEAR)
                gx = c + (rad - 23) * math.cos(ang) - 20
                gy = c + (rad - 23) * math.sin(ang) - 20
                layer.paste(255, (int(gx), int(gy)), glyph)
            for j, text in enumerate(lines[2:4]):
                ld.text((c, c - 16 + j * 32), text, font=f, fill=255, anchor="mm")
        else:
            widths = [ImageDraw.Draw(Image.new("L", (1, 1))).textlength(t, font=f) for t in lines]
            wd = int(max(widths)) + 40
            ht = len(lines) * 34 + 30
            layer = Image.new("L", (wd, ht), 0)
            ld = ImageDraw.Draw(layer)
            ld.rectangle((3, 3, wd - 4, ht - 4), outline=255, width=4)
            for j, text in enumerate(lines):
                ld.text((wd / 2, 18 + j * 34), text, font=f, fill=255, anchor="ma")
        arr = np.asarray(layer, dtype=np.float32) / 255.0
        noise: Any = (
            np.random.default_rng(r.randrange(1 << 30)).random(arr.shape).astype(np.float32)
        )
        noise = cv2.GaussianBlur(noise, (0, 0), 3.0)
        noise = (noise - noise.min()) / max(float(noise.max() - noise.min()), 1e-6)
        arr *= np.clip(noise * 1.8 - 0.15, 0.0, 1.0) * r.uniform(0.55, 0.9)
        mask = Image.fromarray((arr * 255).astype(np.uint8)).rotate(
            r.uniform(-25, 25), resample=Image.Resampling.BILINEAR, expand=True
        )
        ink = Image.new("RGB", mask.size, color)
        self.img.paste(ink, (int(cx - mask.width / 2), int(cy - mask.height / 2)), mask)

    def signature(self, cx: float, cy: float, width: float = 220) -> None:
        """A scribbled signature: a few loops of a smooth random pen path."""
        r = self.r
        pts = []
        n = r.randint(5, 9)
        for i in range(n):
            pts.append(
                (
                    cx - width / 2 + width * i / (n - 1) + r.uniform(-20, 20),
                    cy + r.uniform(-40, 40),
                )
            )
        path = []
        for i in range(len(pts) - 1):
            (x0, y0), (x1, y1) = pts[i], pts[i + 1]
            loop = r.uniform(10, 35)
            for t in np.linspace(0, 1, 24):
                path.append(
                    (
                        x0 + (x1 - x0) * t + loop * math.sin(t * math.pi * 2) * 0.6,
                        y0 + (y1 - y0) * t - loop * math.sin(t * math.pi),
                    )
                )
        arr = np.zeros((self.h, self.w), np.uint8)
        poly = np.array(path, np.int32).reshape(-1, 1, 2)
        cv2.polylines(arr, [poly], False, 255, r.randint(2, 3), cv2.LINE_AA)
        if r.random() < 0.6:
            y = int(cy + r.uniform(20, 40))
            cv2.line(
                arr, (int(cx - width / 2), y), (int(cx + width / 3), y - 8), 255, 2, cv2.LINE_AA
            )
        self.img.paste(Image.new("RGB", self.img.size, self.ink), (0, 0), Image.fromarray(arr))

    def header_doctor(self, title: str, name: str, spec: str, city: str, *, ar: bool) -> float:
        """A practitioner's letterhead; returns the y below it."""
        r = self.r
        left = r.random() < 0.6
        x = 80 if left else self.w / 2 + 40
        self.text(x, 70, f"{title} {name}", 34, bold=True)
        self.text(x, 118, spec, 24)
        self.text(x, 150, f"{r.randint(3, 180)}, {r.choice(STREETS)} - {city}", 20)
        self.text(x, 176, f"Tél : {phone(self.r)}", 20)
        if r.random() < 0.6:
            self.text(x, 202, f"INPE : {r.randint(100000000, 199999999)}", 20)
        if ar:
            xr = self.w - 80 if left else self.w / 2 - 40
            self.arabic(xr, 70, r.choice(["الدكتور", "الدكتورة"]) + " " + r.choice(AR_NAMES), 32)
            self.arabic(
                xr, 120, r.choice(["طبيب عام", "أخصائي", "طب الأطفال", "جراحة الأسنان"]), 26
            )
        self.line(60, 240, self.w - 60, 240, 3)
        return 270


# ---------------------------------------------------------------- the documents


def doc_feuille(s: Sheet) -> dict[str, Any]:
    """The MUPRAS "Déclaration de Maladie": adherent's part, doctor's part, totals."""
    r = s.r
    d = base_date(r)
    blank_doctor = r.random() < 0.15
    total = Decimal(r.choice([150, 200, 250, 300, 350, 400, 600, 850, 1100, 1400, 2100]))
    blue = (20, 60, 130)
    s.text(80, 60, "MUPRAS", 44, bold=True, fill=blue)
    s.text(80, 112, "Mutuelle de Prévoyance Sociale", 18, fill=blue)
    s.arabic(s.w - 80, 62, "التعاضدية", 34, fill=blue)
    s.center(170, r.choice(["Déclaration de Maladie", "DÉCLARATION DE MALADIE"]), 40)
    s.text(
        s.w - 360, 230, f"N° M{r.randint(21, 26)}- {r.randint(1000000, 9999999)}", 24, bold=True
    )
    x: float = 100
    kind = r.randrange(4)
    for i, lab in enumerate(["Maladie", "Dentaire", "Optique", "Autres"]):
        x = s.check(x, 285, lab, i == kind)
    s.box(60, 330, s.w - 60, 820)
    s.text(80, 340, "Cadre réservé à l'adhérent (e)", 26, bold=True)
    s.arabic(s.w - 80, 340, "خاص بالمنخرط", 24)
    first, last = person(r)
    y: float = 392
    s.field_line(90, y, "Matricule : ", str(r.randint(10000, 99999)), 560)
    s.field_line(
        680, y, "Société : ", r.choice(["ONCF 2231", "ONEE", "RAM 7031", "OCP"]), 1160 - 680
    )
    y += 52
    x = 90
    for i, lab in enumerate(["Actif", "Pensionné(e)", "Autre :"]):
        x = s.check(x, y, lab, i == (0 if r.random() < 0.8 else 1))
    y += 52
    s.field_line(90, y, "Nom & Prénom : ", f"{last.upper()} {first}", 1070)
    y += 56
    born = dt.date(r.randint(1960, 1998), r.randint(1, 12), r.randint(1, 28))
    s.field_line(90, y, "Date de naissance : ", born.strftime("%d/%m/%Y"), 1070)
    y += 56
    s.field_line(90, y, "Adresse : ", f"{r.randint(2, 90)} {r.choice(STREETS)}", 1070)
    y += 56
    s.field_line(90, y, "", r.choice(CITIES), 1070)
    y += 56
    s.field_line(90, y, "Tél. : ", phone(r), 500)
    s.field_line(
        560, y, "Total des frais engagés : ", f"{total:.0f}" + r.choice([" Dhs", "", " DH"]), 600
    )
    y += 80
    s.box(60, 840, s.w - 60, 1380)
    s.text(80, 850, "Cadre réservé au Médecin", 26, bold=True)
    s.text(s.w - 420, 900, "Cachet du médecin :", 22)
    y = 905
    date_text = None if blank_doctor else fr_date(d, r, hand=True)
    s.field_line(90, y, "Date de consultation : ", date_text, 640)
    y += 58
    pf, pl = (first, last) if r.random() < 0.5 else (r.choice(FIRST), last)
    s.field_line(90, y, "Nom et prénom du malade : ", f"{pl} {pf}", 640)
    s.field_line(760, y, "Age : ", f"{r.randint(2, 70)} ans", 1160 - 760)
    y += 58
    x = 90
    x += s.text(90, y, "Lien de parenté : ", 22)
    for i, lab in enumerate(["Lui-même", "Conjoint", "Enfant"]):
        x = s.check(x, y, lab, i == r.randrange(3))
    y += 58
    s.field_line(
        90, y, "Nature de la maladie : ", None if blank_doctor else r.choice(DIAGNOSES), 1070
    )
    y += 58
    s.field_line(90, y, "En cas d'accident préciser les causes et circonstances : ", None, 1070)
    y += 60
    s.para(
        90,
        y,
        1040,
        "Dans le cas où la maladie aurait un caractère confidentiel, communiquer les "
        "renseignements sous pli confidentiel à l'attention du médecin conseil de la Mutuelle.",
        19,
    )
    if not blank_doctor:
        s.stamp(s.w - 260, 1040, ["Dr " + r.choice(LAST), "Médecin généraliste", r.choice(CITIES)])
        s.signature(s.w - 300, 1300, 200)
    y = 1400
    y = s.para(
        80,
        y,
        1080,
        "J'atteste sur l'honneur l'exactitude des renseignements portés sur la présente "
        "déclaration. Je déclare avoir pris connaissance de la clause relative à la protection "
        "des données personnelles.",
        19,
    )
    made = d + dt.timedelta(days=r.randint(0, 20))
    s.field_line(80, y + 20, "Fait à : ", r.choice(CITIES), 500)
    s.field_line(600, y + 20, "Le : ", fr_date(made, r, hand=True), 500)
    s.text(80, y + 80, "Signature de l'adhérent(e) :", 20)
    s.signature(480, y + 100, 180)
    s.text(
        80,
        s.h - 90,
        "MUPRAS : Centre Allal Ben Abdellah - Casablanca - Tél. : 05 22 20 45 45 - www.mupras.com",
        16,
    )
    s.text(80, s.h - 64, "contact@mupras.com · pec@mupras.com · adhesion@mupras.com", 16)
    truth: dict[str, Any] = {"total_declared": f"{total:.2f}", "doctor_part_blank": blank_doctor}
    truth["consultation_date"] = None if blank_doctor else d.isoformat()
    return truth


def doc_ordonnance(s: Sheet) -> dict[str, Any]:
    """A prescription: a letterhead, the date, the patient, medicines written by hand."""
    r = s.r
    d = base_date(r)
    city = r.choice(CITIES)
    doc = " ".join(person(r))
    spec = r.choice(
        [
            "Médecine Générale",
            "Pédiatre",
            "Cardiologue",
            "Gynécologue-Obstétricien",
            "ORL",
            "Rhumatologue",
        ]
    )
    y = s.header_doctor(r.choice(["Docteur", "Dr", "Dr."]), doc, spec, city, ar=r.random() < 0.5)
    s.text(s.w - 520, y + 10, f"{city}, le ", 24)
    s.hand(s.w - 380, y, fr_date(d, r, hand=True), 34)
    if r.random() < 0.8:
        s.center(y + 90, r.choice(["ORDONNANCE", "Ordonnance", "ORDONNANCE MÉDICALE"]), 38)
    pf, pl = person(r)
    s.text(
        100,
        y + 170,
        r.choice(["Nom du patient : ", "Mme / M. : ", "Patient(e) : ", "L'enfant : "]),
        24,
    )
    s.hand(340, y + 155, f"{pl} {pf}", 36)
    yy = y + 260
    for med, _, posology in r.sample(MEDICINES, r.randint(2, 5)):
        s.hand(120, yy, f"{r.choice(['', '- ', '1) '])}{med}", 36)
        s.hand(170, yy + 52, posology, 30)
        yy += 135
    if r.random() < 0.3:
        s.hand(120, yy, r.choice(["QSP 1 mois", "À renouveler 2 fois", "NR"]), 32)
    s.stamp(s.w - 320, s.h - 330, [f"Dr {doc}", spec, city, phone(r)])
    s.signature(s.w - 330, s.h - 260, 220)
    s.text(80, s.h - 80, r.choice(["Sur rendez-vous", "Urgences 24h/24", ""]), 18)
    return {"document_date": d.isoformat()}


def doc_facture(s: Sheet) -> dict[str, Any]:
    """An invoice of a pharmacy, an optician, a physiotherapist or a laboratory."""
    r = s.r
    d = base_date(r)
    city = r.choice(CITIES)
    kind = r.choice(["pharmacie", "optique", "kine", "labo"])
    name = r.choice(LAST)
    heads = {
        "pharmacie": (f"PHARMACIE {name.upper()}", "Dr en Pharmacie"),
        "optique": (
            f"OPTIQUE {r.choice(['AL NOUR', 'VISION PLUS', 'EL BASSAR', name.upper()])}",
            "Opticien lunetier",
        ),
        "kine": (f"Cabinet de Kinésithérapie {name}", "Kinésithérapeute diplômé d'État"),
        "labo": (f"Laboratoire {name}", "Analyses médicales - Biologie"),
    }
    title, sub = heads[kind]
    s.text(80, 70, title, 38, bold=True)
    s.text(80, 122, sub, 22)
    s.text(80, 152, f"{r.randint(3, 200)}, {r.choice(STREETS)}, {city} - Tél : {phone(r)}", 20)
    s.line(60, 200, s.w - 60, 200, 3)
    prefix = r.choice(["FA", "F", "FAC", "VF"]) + r.choice(["-", "", " "])
    num = f"{prefix}{d.year % 100:02d}{r.randint(100, 9999):04d}"
    if r.random() < 0.4:
        num = f"{r.randint(100, 9999)}/{d.year}"
    s.text(80, 240, r.choice(["FACTURE", "Facture", "FACTURE N°"]), 40, bold=True)
    s.text(80, 300, f"{r.choice(['Facture N° :', 'N° :', 'Facture :', 'Réf :'])} {num}", 26)
    s.text(s.w - 480, 300, f"{city}, le {fr_date(d, r)}", 24)
    pf, pl = person(r)
    s.text(
        80,
        350,
        f"{r.choice(['Client', 'Patient', 'Nom', 'Doit'])} : "
        f"{r.choice(['M.', 'Mme', ''])} {pl.upper()} {pf}",
        24,
    )
    lines: list[tuple[str, int, Decimal]] = []
    if kind == "pharmacie":
        for med, unit, _ in r.sample(MEDICINES, r.randint(2, 5)):
            lines.append(
                (f"{med} ({unit})", r.randint(1, 3), Decimal(r.randint(1500, 25000)) / 100)
            )
    elif kind == "optique":
        lines = [
            (
                "Monture " + r.choice(["acétate", "métal", "Ray-Ban"]),
                1,
                Decimal(r.choice([600, 900, 1200])),
            ),
            (
                "Verres organiques " + r.choice(["unifocaux", "progressifs"]),
                2,
                Decimal(r.choice([350, 800, 1250])),
            ),
        ]
    elif kind == "kine":
        n = r.choice([6, 8, 10, 12, 15])
        lines = [
            (
                r.choice(["Séances de rééducation", "Kinésithérapie AMM", "Rééducation lombaire"]),
                n,
                Decimal(r.choice([100, 120, 150])),
            )
        ]
    else:
        for test in r.sample(
            [
                "NFS",
                "Glycémie à jeun",
                "HbA1c",
                "Cholestérol total",
                "TSH",
                "Créatinine",
                "CRP",
                "Vitamine D",
            ],
            r.randint(2, 5),
        ):
            lines.append((test, 1, Decimal(r.choice([40, 60, 80, 120, 150, 250]))))
    rows = []
    total = Decimal(0)
    for label, qty, pu in lines:
        amount = pu * qty
        total += amount
        rows.append([label, str(qty), money(pu, r, unit=False), money(amount, r, unit=False)])
    y = s.table(80, 420, [520, 120, 200, 240], 52, ["Désignation", "Qté", "P.U.", "Montant"], rows)
    s.text(
        600,
        y + 30,
        r.choice(["Total TTC :", "TOTAL :", "Net à payer :", "Total :"]),
        28,
        bold=True,
    )
    s.text(830, y + 30, money(total, r), 28, bold=True)
    words = words_fr(int(total))
    s.para(80, y + 110, 1080, f"Arrêtée la présente facture à la somme de {words} dirhams.", 22)
    s.stamp(s.w - 330, y + 330, [title[:26], city, f"ICE {r.randint(10**14, 10**15 - 1)}"])
    s.signature(s.w - 330, y + 420, 200)
    s.text(
        80,
        s.h - 90,
        f"IF : {r.randint(1000000, 9999999)}  RC : {r.randint(10000, 99999)}  "
        f"ICE : 00{r.randint(10**12, 10**13 - 1)}",
        17,
    )
    return {"document_date": d.isoformat(), "amount_total": f"{total:.2f}", "invoice_number": num}


def _barcode(s: Sheet, x: int, y: int, w: int, h: int) -> None:
    r = s.r
    xx = x
    while xx < x + w:
        bw = r.choice([1, 1, 2, 3])
        if r.random() < 0.55:
            s.draw.rectangle((xx, y, xx + bw - 1, y + h), fill=(15, 15, 15))
        xx += bw
    s.text(x + w / 2, y + h + 2, "6 118000 " + str(r.randint(100000, 999999)), 15, anchor="ma")


def doc_vignettes(s: Sheet) -> dict[str, Any]:
    """Medicine price stickers (PPV, barcode) stuck on a sheet."""
    r = s.r
    if r.random() < 0.5:
        s.text(
            80, 70, r.choice(["Vignettes", "VIGNETTES", "Coller les vignettes ici"]), 30, bold=True
        )
    if r.random() < 0.4:
        s.hand(
            80,
            130,
            f"{r.choice(LAST)} - "
            + r.choice(["ordonnance du ", "pharmacie "])
            + fr_date(base_date(r), r, hand=True),
            30,
        )
    n = r.randint(3, 6)
    for i in range(n):
        med, unit, _ = r.choice(MEDICINES)
        price = Decimal(r.randint(1200, 48000)) / 100
        sw, sh = r.randint(360, 440), r.randint(190, 230)
        sticker = Sheet(r, (sw, sh), tint=r.randint(0, 12))
        sticker.img.paste((250, 250, 244), (0, 0, sw, sh))
        sticker.text(12, 10, med, 22, bold=True)
        sticker.text(
            12, 40, f"{r.randint(10, 30)} {unit}s" if unit in ("cp", "sachet") else unit, 17
        )
        sticker.text(12, 66, f"PPV : {money(price, r, unit=False)} DH", 24, bold=True)
        sticker.text(
            sw - 12, 70, f"PH {money(price * Decimal('0.8'), r, unit=False)}", 16, anchor="ra"
        )
        _barcode(sticker, 14, 104, sw - 30, 60)
        sticker.text(
            12,
            sh - 22,
            f"Lot {r.randint(10000, 99999)}  EXP {r.randint(1, 12):02d}/{r.randint(26, 29)}",
            14,
        )
        img = sticker.img.rotate(r.uniform(-8, 8), expand=True, fillcolor=(0, 0, 0))
        mask = img.convert("L").point(lambda v: 255 if v > 8 else 0)
        col, row = i % 2, i // 2
        x = 110 + col * 540 + r.randint(-30, 30)
        y = 240 + row * 420 + r.randint(-30, 30)
        shadow = Image.new("RGB", img.size, (185, 185, 180))
        s.img.paste(shadow, (x + 5, y + 6), mask)
        s.img.paste(img, (x, y), mask)
    return {}


def doc_resultats(s: Sheet) -> dict[str, Any]:
    """Laboratory results, or an imaging report (compte rendu)."""
    r = s.r
    d = base_date(r)
    city = r.choice(CITIES)
    pf, pl = person(r)
    if r.random() < 0.6:
        s.text(
            80,
            70,
            f"LABORATOIRE {r.choice(['AL AMAL', 'PASTEUR', 'IBN ROCHD', r.choice(LAST).upper()])}",
            36,
            bold=True,
        )
        s.text(80, 118, f"Analyses Médicales - Dr {' '.join(person(r))}, Biologiste", 22)
        s.text(80, 146, f"{r.choice(STREETS)}, {city} · Tél {phone(r)}", 19)
        s.line(60, 190, s.w - 60, 190, 3)
        s.text(80, 220, f"Patient : {pl.upper()} {pf}", 24)
        s.text(80, 256, f"Dossier n° {r.randint(10000, 99999)}   Prélevé le : {fr_date(d, r)}", 22)
        s.text(80, 292, f"Prescripteur : Dr {r.choice(LAST)}", 22)
        s.center(
            350,
            r.choice(["RÉSULTATS D'ANALYSES", "Compte rendu d'analyses", "BILAN BIOLOGIQUE"]),
            32,
        )
        tests = [
            ("Hémoglobine", f"{r.uniform(10, 16):.1f}", "g/dl", "12,0 - 16,0"),
            ("Globules blancs", f"{r.randint(4000, 11000)}", "/mm3", "4000 - 10000"),
            ("Plaquettes", f"{r.randint(150, 420)} 000", "/mm3", "150 000 - 400 000"),
            ("Glycémie à jeun", f"{r.uniform(0.7, 1.9):.2f}", "g/l", "0,70 - 1,10"),
            ("Cholestérol total", f"{r.uniform(1.4, 2.8):.2f}", "g/l", "< 2,00"),
            ("Triglycérides", f"{r.uniform(0.5, 2.5):.2f}", "g/l", "< 1,50"),
            ("Créatinine", f"{r.randint(6, 14)}", "mg/l", "6 - 13"),
            ("TSH us", f"{r.uniform(0.3, 6):.2f}", "µUI/ml", "0,27 - 4,20"),
            ("HbA1c", f"{r.uniform(5, 10):.1f}", "%", "4,0 - 6,0"),
        ]
        rows = [list(t) for t in r.sample(tests, r.randint(4, 8))]
        y = s.table(
            80,
            410,
            [380, 200, 160, 340],
            50,
            ["Analyse", "Résultat", "Unité", "Valeurs de référence"],
            rows,
        )
        s.text(80, y + 40, "Résultats validés par le biologiste.", 20)
        s.stamp(s.w - 330, y + 200, ["Laboratoire", city, "Biologie médicale"])
    else:
        s.text(
            80,
            70,
            f"Centre de Radiologie {r.choice(['Anfa', 'Al Massira', 'Agdal', r.choice(LAST)])}",
            34,
            bold=True,
        )
        s.text(80, 116, "Imagerie médicale - Échographie - Scanner - IRM", 20)
        s.arabic(s.w - 80, 70, "مركز الأشعة", 30)
        s.line(60, 170, s.w - 60, 170, 3)
        exam = r.choice(
            [
                "ÉCHOGRAPHIE ABDOMINO-PELVIENNE",
                "RADIOGRAPHIE DU THORAX",
                "IRM DU GENOU DROIT",
                "ÉCHOGRAPHIE THYROÏDIENNE",
            ]
        )
        s.text(80, 200, f"{city}, le {fr_date(d, r)}", 22)
        s.text(80, 240, f"Patient(e) : {r.choice(['Mme', 'M.'])} {pl} {pf}", 24)
        s.center(310, "COMPTE RENDU", 34)
        s.center(356, exam, 26, bold=False)
        y = 430
        s.text(80, y, "Indication :", 24, bold=True)
        y = s.para(
            260,
            y,
            900,
            r.choice(
                [
                    "douleurs abdominales.",
                    "bilan d'une toux chronique.",
                    "traumatisme sportif.",
                    "nodule palpable.",
                ]
            ),
            22,
        )
        s.text(80, y + 20, "Résultat :", 24, bold=True)
        y = s.para(
            100,
            y + 60,
            1040,
            "Examen réalisé dans de bonnes conditions techniques. Foie de taille normale, de "
            "contours réguliers et d'échostructure homogène. Pas de dilatation des voies "
            "biliaires. Les reins sont de taille normale sans anomalie décelable. Absence "
            "d'épanchement.",
            22,
        )
        s.text(80, y + 30, "Conclusion :", 24, bold=True)
        s.para(
            100,
            y + 70,
            1040,
            r.choice(
                [
                    "Examen sans anomalie notable.",
                    "Aspect en faveur d'une lésion bénigne, à contrôler.",
                ]
            ),
            22,
        )
        s.signature(s.w - 330, s.h - 300, 200)
        s.text(s.w - 480, s.h - 220, f"Dr {' '.join(person(r))}, Radiologue", 20)
    return {"document_date": d.isoformat()}


def doc_calendrier(s: Sheet) -> dict[str, Any]:
    """A table of session dates signed by the therapist."""
    r = s.r
    d0 = base_date(r)
    n = r.choice([4, 6, 8, 10, 12])
    dates = sorted(
        {d0 + dt.timedelta(days=i * r.choice([2, 3, 7]) + r.randint(0, 1)) for i in range(n)}
    )
    therapist = " ".join(person(r))
    care = r.choice(
        ["Kinésithérapie", "Orthophonie", "Psychomotricité", "Rééducation fonctionnelle"]
    )
    s.text(80, 70, f"{r.choice(['Mme', 'M.', 'Mlle'])} {therapist}", 32, bold=True)
    s.text(80, 114, r.choice(["Kinésithérapeute", "Orthophoniste", "Psychomotricien(ne)"]), 22)
    s.text(80, 142, f"{r.choice(STREETS)}, {r.choice(CITIES)} - Tél : {phone(r)}", 19)
    title = r.choice(
        [
            "Calendrier des séances",
            "CALENDRIER DES SÉANCES",
            "Planning des séances",
            "Relevé des séances effectuées",
        ]
    )
    s.center(230, title, 36)
    pf, pl = person(r)
    s.text(80, 300, f"Patient(e) : {pl.upper()} {pf}", 24)
    s.text(
        80,
        340,
        f"{care} - {len(dates)} séances du {fr_date(dates[0], r)} au {fr_date(dates[-1], r)}",
        22,
    )
    rows = [
        [f"{i:02d}", fr_date(dd, r, hand=True), care if r.random() < 0.5 else "", ""]
        for i, dd in enumerate(dates, 1)
    ]
    y = s.table(
        80,
        400,
        [90, 330, 380, 280],
        56,
        ["N°", "Date de la séance", "Acte", "Signature"],
        rows,
        hand_cols=(1,),
    )
    for i in range(len(dates)):
        if r.random() < 0.7:
            s.signature(80 + 90 + 330 + 380 + 140, 400 + 56 * (i + 1) + 28, 90)
    s.text(80, y + 40, "Signature et cachet du praticien :", 22)
    s.stamp(s.w - 330, y + 160, [therapist, care, r.choice(CITIES)])
    s.signature(s.w - 330, y + 140, 200)
    return {"session_count": len(dates), "dates": [dd.isoformat() for dd in dates]}


def doc_entente(s: Sheet) -> dict[str, Any]:
    """A request for prior agreement, or the insurer's agreement letter."""
    r = s.r
    d = base_date(r)
    pf, pl = person(r)
    if r.random() < 0.6:
        s.text(80, 60, "MUPRAS", 40, bold=True, fill=(20, 60, 130))
        s.center(
            150,
            r.choice(
                ["DEMANDE D'ENTENTE PRÉALABLE", "Demande d'Entente Préalable", "ENTENTE PRÉALABLE"]
            ),
            36,
        )
        s.arabic(s.w / 2 + 200, 200, "طلب الموافقة المسبقة", 28)
        y: float = 280
        s.field_line(80, y, "Nom et prénom de l'adhérent : ", f"{pl.upper()} {pf}", 1080)
        y += 62
        s.field_line(80, y, "N° d'immatriculation : ", str(r.randint(100000, 999999)), 1080)
        y += 62
        s.field_line(80, y, "Bénéficiaire : ", f"{r.choice(FIRST)} {pl}", 1080)
        y += 62
        s.field_line(
            80,
            y,
            "Acte(s) demandé(s) : ",
            r.choice(
                [
                    "15 séances de kinésithérapie",
                    "Prothèse dentaire fixe",
                    "Orthodontie",
                    "Hospitalisation chirurgicale",
                    "20 séances d'orthophonie",
                ]
            ),
            1080,
        )
        y += 62
        s.field_line(80, y, "Cotation : ", r.choice(["AMM 8", "D 120", "K 50", "AMO 10"]), 1080)
        y += 62
        s.field_line(80, y, "Motif médical : ", r.choice(DIAGNOSES), 1080)
        y += 62
        s.field_line(80, y, "Date : ", fr_date(d, r, hand=True), 560)
        y += 90
        s.text(80, y, "Cachet et signature du médecin prescripteur", 22, bold=True)
        s.stamp(360, y + 140, [f"Dr {r.choice(LAST)}", r.choice(CITIES), "Médecin"])
        s.box(660, y - 10, s.w - 70, y + 320)
        s.text(680, y, "Décision du médecin conseil", 22, bold=True)
        s.check(690, y + 60, "Accord", r.random() < 0.5)
        s.check(690, y + 110, "Refus", False)
        s.text(690, y + 170, "Nombre de séances accordées : ......", 20)
    else:
        s.text(80, 60, "CNOPS", 40, bold=True, fill=(10, 90, 60))
        s.text(80, 110, "Caisse Nationale des Organismes de Prévoyance Sociale", 20)
        s.text(s.w - 460, 200, f"Rabat, le {fr_date(d, r)}", 24)
        s.text(
            80,
            300,
            "Objet : "
            + r.choice(["Accord de prise en charge", "Prise en charge", "Entente préalable"]),
            26,
            bold=True,
        )
        s.text(
            80,
            340,
            f"Réf : Dossier n° {r.randint(10**7, 10**8 - 1)} du "
            f"{fr_date(d - dt.timedelta(days=r.randint(5, 20)), r)}",
            22,
        )
        s.text(80, 375, f"L'assuré(e) : {pl.upper()} {pf}", 22)
        y = s.para(
            80,
            450,
            1080,
            "Madame, Monsieur, en réponse à la demande citée en référence, nous avons l'honneur "
            "de vous faire part de notre accord de prise en charge pour les soins suivants :",
            22,
        )
        end = d + dt.timedelta(days=r.choice([90, 180, 300]))
        y = s.para(110, y + 20, 1040, f"- N° de l'accord : {r.randint(10**7, 10**8 - 1)}", 22)
        y = s.para(
            110, y, 1040, f"- Validité de l'accord du {fr_date(d, r)} au {fr_date(end, r)}", 22
        )
        y = s.para(110, y, 1040, f"- Part CNOPS : {r.choice([700, 1200, 3500])} DH", 22)
        s.para(
            80,
            y + 40,
            1080,
            "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
            22,
        )
        s.stamp(s.w - 330, s.h - 360, ["CNOPS", "Rabat", "Service PEC"])
    return {"document_date": d.isoformat()}


def doc_certificat(s: Sheet) -> dict[str, Any]:
    """A medical certificate (rest, aptitude, chronic condition)."""
    r = s.r
    d = base_date(r)
    city = r.choice(CITIES)
    doc = " ".join(person(r))
    y = s.header_doctor(
        "Dr",
        doc,
        r.choice(["Médecin généraliste", "Pneumo-phtisiologue", "Pédiatre", "Neurologue"]),
        city,
        ar=r.random() < 0.5,
    )
    s.center(
        y + 60, r.choice(["CERTIFICAT MÉDICAL", "Certificat Médical", "CERTIFICAT MEDICAL"]), 40
    )
    pf, pl = person(r)
    days = r.choice([3, 5, 7, 10, 15, 21])
    who = r.choice(["M.", "Mme", "l'enfant"])
    text = r.choice(
        [
            f"Je soussigné(e), Docteur {doc}, certifie avoir examiné ce jour "
            f"{who} {pl.upper()} {pf} et que son état de santé "
            f"nécessite un repos de {days} jours à compter de ce jour, sauf complications.",
            f"Je soussigné, Dr {doc}, certifie que {pl.upper()} {pf} est porteur d'une affection "
            "chronique qui nécessite une prise en charge et un suivi réguliers au long cours.",
            f"Je soussignée, Docteur {doc}, certifie que l'état de santé de {pl} {pf} "
            "nécessite des séances de rééducation.",
        ]
    )
    y = s.para(100, y + 170, 1040, text, 25)
    y = s.para(
        100,
        y + 30,
        1040,
        "Certificat établi à la demande de l'intéressé(e) et remis en main propre pour servir "
        "et valoir ce que de droit.",
        25,
    )
    s.text(s.w - 560, y + 70, f"Fait à {city}, le ", 24)
    s.hand(s.w - 340, y + 58, fr_date(d, r, hand=True), 32)
    s.stamp(s.w - 330, y + 260, [f"Dr {doc}", city, phone(r)])
    s.signature(s.w - 330, y + 240, 220)
    return {"document_date": d.isoformat()}


def doc_accident(s: Sheet) -> dict[str, Any]:
    """A declaration of an accident's causes and circumstances."""
    r = s.r
    d = base_date(r)
    pf, pl = person(r)
    s.text(
        80,
        60,
        r.choice(["MUPRAS", "Mutuelle - Service prestations", ""]),
        30,
        bold=True,
        fill=(20, 60, 130),
    )
    s.center(
        150,
        r.choice(
            ["DÉCLARATION D'ACCIDENT", "Déclaration d'accident", "DECLARATION D'ACCIDENT CORPOREL"]
        ),
        36,
    )
    s.arabic(s.w / 2 + 150, 204, "تصريح بالحادثة", 28)
    y: float = 290
    s.field_line(80, y, "Nom et prénom de la victime : ", f"{pl.upper()} {pf}", 1080)
    y += 64
    s.field_line(80, y, "N° d'adhésion : ", str(r.randint(10000, 99999)), 560)
    y += 64
    s.field_line(80, y, "Date de l'accident : ", fr_date(d, r, hand=True), 560)
    s.field_line(
        660, y, "Heure : ", f"{r.randint(7, 21)}h{r.choice(['00', '15', '30', '45'])}", 1160 - 660
    )
    y += 64
    s.field_line(80, y, "Lieu : ", f"{r.choice(STREETS)}, {r.choice(CITIES)}", 1080)
    y += 64
    x: float = 80
    x += s.text(80, y, "Nature : ", 22)
    for i, lab in enumerate(["Circulation", "Domestique", "Sport", "Travail", "Autre"]):
        x = s.check(x, y, lab, i == r.randrange(5), 20)
    y += 70
    s.text(80, y, "Causes et circonstances de l'accident :", 24, bold=True)
    story = r.choice(
        [
            "En descendant les escaliers de l'immeuble j'ai glissé et je suis tombé sur le "
            "poignet droit.",
            "Heurté par une moto au feu rouge en traversant, douleur au genou gauche.",
            "Chute pendant un match de football, entorse de la cheville.",
            "Brûlure à la main en cuisinant, soins aux urgences.",
        ]
    )
    words = story.split()
    yy = y + 50
    for i in range(0, len(words), 7):
        s.hand(100, yy, " ".join(words[i : i + 7]), 32)
        s.line(80, yy + 42, s.w - 80, yy + 42, dotted=True)
        yy += 64
    y = yy + 30
    s.field_line(
        80,
        y,
        "Tiers responsable (le cas échéant) : ",
        r.choice(["", "inconnu", f"{r.choice(FIRST)} {r.choice(LAST)}"]) or None,
        1080,
    )
    y += 64
    s.field_line(
        80, y, "Témoins : ", r.choice([None, f"{r.choice(FIRST)} {r.choice(LAST)}"]), 1080
    )
    y += 90
    made = d + dt.timedelta(days=r.randint(0, 10))
    s.field_line(80, y, "Fait à : ", r.choice(CITIES), 520)
    s.field_line(620, y, "le : ", fr_date(made, r, hand=True), 520)
    s.text(80, y + 70, "Signature du déclarant :", 22)
    s.signature(480, y + 100, 200)
    return {"accident_date": d.isoformat()}


def doc_chronique(s: Sheet) -> dict[str, Any]:
    """A declaration of a chronic illness (ALD/ALC), filled in by the prescriber."""
    r = s.r
    d = base_date(r)
    pf, pl = person(r)
    s.text(80, 60, "MUPRAS", 36, bold=True, fill=(20, 60, 130))
    s.center(
        140,
        r.choice(
            [
                "DÉCLARATION DE MALADIE CHRONIQUE",
                "Déclaration de Maladie Chronique",
                "DECLARATION DE MALADIE CHRONIQUE (ALD / ALC)",
            ]
        ),
        32,
    )
    s.arabic(s.w / 2 + 150, 192, "تصريح بالمرض المزمن", 28)
    s.text(80, 250, "À remplir par le médecin traitant - à renouveler tous les 6 mois", 20)
    y: float = 310
    s.field_line(80, y, "Nom et prénom du malade : ", f"{pl.upper()} {pf}", 1080)
    y += 64
    s.field_line(80, y, "Matricule de l'adhérent : ", str(r.randint(10000, 99999)), 1080)
    y += 64
    ill = r.choice(
        [
            "Diabète type 2",
            "Hypertension artérielle sévère",
            "Insuffisance rénale chronique",
            "Asthme sévère",
            "Hypothyroïdie",
            "Polyarthrite rhumatoïde",
        ]
    )
    s.field_line(80, y, "Affection (ALD / ALC) : ", ill, 1080)
    y += 64
    s.field_line(80, y, "Code ALD : ", str(r.randint(1, 41)), 500)
    s.field_line(620, y, "Date du diagnostic : ", f"{r.randint(2010, 2023)}", 1160 - 620)
    y += 64
    s.text(80, y, "Traitement prescrit :", 24, bold=True)
    yy = y + 50
    for med, _, pos in r.sample(MEDICINES, 3):
        s.hand(110, yy, f"{med} - {pos}", 28)
        yy += 56
    y = yy + 20
    s.field_line(
        80, y, "Durée prévisible du traitement : ", r.choice(["6 mois", "à vie", "12 mois"]), 1080
    )
    y += 64
    s.field_line(80, y, "Date : ", fr_date(d, r, hand=True), 520)
    y += 80
    s.text(80, y, "Cachet et signature du médecin traitant :", 22)
    s.stamp(380, y + 150, [f"Dr {r.choice(LAST)}", "Endocrinologue", r.choice(CITIES)])
    s.signature(760, y + 150, 220)
    return {"document_date": d.isoformat()}


def doc_devis(s: Sheet) -> dict[str, Any]:
    """A dentist's quote with the dental chart, the acts, their cotation and a total."""
    r = s.r
    d = base_date(r)
    city = r.choice(CITIES)
    doc = " ".join(person(r))
    y = s.header_doctor("Dr", doc, "Chirurgien-Dentiste", city, ar=r.random() < 0.6)
    s.center(
        y + 30, r.choice(["DEVIS", "Devis", "DEVIS DE SOINS DENTAIRES", "DEVIS PROTHÉTIQUE"]), 40
    )
    pf, pl = person(r)
    s.text(80, y + 110, f"Patient : {pl.upper()} {pf}", 24)
    s.text(s.w - 460, y + 110, f"Date : {fr_date(d, r)}", 24)
    yy = y + 170
    upper = "18 17 16 15 14 13 12 11 | 21 22 23 24 25 26 27 28"
    lower = "48 47 46 45 44 43 42 41 | 31 32 33 34 35 36 37 38"
    s.text(160, yy, upper, 22, mono=True)
    s.line(140, yy + 36, s.w - 200, yy + 36, 2)
    s.text(160, yy + 48, lower, 22, mono=True)
    acts = [
        ("Couronne céramo-métallique", "SPR 50"),
        ("Traitement canalaire", "D 30"),
        ("Inlay-core", "SPR 30"),
        ("Bridge 3 éléments", "SPR 150"),
        ("Détartrage", "D 12"),
        ("Extraction", "D 10"),
        ("Composite 2 faces", "D 25"),
    ]
    rows = []
    total = Decimal(0)
    for act, cot in r.sample(acts, r.randint(2, 4)):
        amount = Decimal(r.choice([400, 600, 900, 1500, 2500, 3000]))
        total += amount
        rows.append(
            [str(r.choice([11, 14, 16, 21, 26, 36, 46])), act, cot, money(amount, r, unit=False)]
        )
    yt = s.table(
        80,
        yy + 120,
        [120, 480, 200, 280],
        54,
        ["Dent", "Nature des soins", "Cotation", "Montant"],
        rows,
        hand_cols=(0,) if r.random() < 0.5 else (),
    )
    s.text(560, yt + 30, "Total :", 28, bold=True)
    s.hand(700, yt + 18, money(total, r), 36)
    s.text(
        80,
        yt + 110,
        r.choice(["Devis valable 3 mois.", "Ce devis est valable trois mois.", ""]),
        20,
    )
    s.text(80, yt + 150, "Visa et cachet du praticien attestant le devis", 22, bold=True)
    s.stamp(s.w - 330, yt + 300, [f"Dr {doc}", "Chirurgien-Dentiste", city])
    s.signature(s.w - 330, yt + 280, 200)
    return {"document_date": d.isoformat(), "amount_total": f"{total:.2f}"}


def doc_radio(s: Sheet) -> dict[str, Any]:
    """An X-ray: a dark film (dental panoramic or chest) with burnt-in labels, or a print of it."""
    r = s.r
    d = base_date(r)
    pf, pl = person(r)
    film_w, film_h = (1100, 620) if r.random() < 0.6 else (900, 1100)
    rng = np.random.default_rng(r.randrange(1 << 30))
    arr: Any = np.full((film_h, film_w), 18, np.float32)
    yy, xx = np.mgrid[0:film_h, 0:film_w].astype(np.float32)
    if film_w > film_h:  # panoramic: the arch of the jaw and teeth
        cx, cy = film_w / 2, film_h * 0.15
        for jaw, sign in ((0.52, 1), (0.75, 1)):
            rad = film_h * jaw
            ring = np.abs(np.hypot((xx - cx) / 1.7, yy - cy) - rad)
            arr += 120 * np.exp(-((ring / 38) ** 2)) * sign
        for i in range(28):
            ang = math.pi * (0.12 + 0.76 * (i % 14) / 13)
            rad = film_h * (0.52 if i < 14 else 0.75)
            tx = cx + 1.7 * rad * math.cos(ang)
            ty = cy + rad * math.sin(ang)
            arr += 90 * np.exp(-(((xx - tx) / 18) ** 2 + ((yy - ty) / 44) ** 2))
    else:  # chest: lungs dark, spine and ribs bright
        arr += 110 * np.exp(-(((xx - film_w / 2) / 60) ** 2))
        for k in range(9):
            arr += 60 * np.exp(-(((yy - 180 - k * 85 - 0.15 * np.abs(xx - film_w / 2)) / 14) ** 2))
        arr += 50 * np.exp(-(((xx - film_w / 2) / (film_w * 0.45)) ** 6))
    arr += rng.normal(0, 6, arr.shape).astype(np.float32)
    arr = cv2.GaussianBlur(arr, (0, 0), 3)
    film = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).convert("RGB")
    fd = ImageDraw.Draw(film)
    f = font(_FONTS["sans"][0], 24)
    center = r.choice(
        [
            "CENTRE DENTAIRE AL MANAR",
            "RADIOLOGIE ANFA",
            "IMAGERIE IBN SINA",
            "CABINET DR " + r.choice(LAST).upper(),
        ]
    )
    fd.text((20, 16), center, font=f, fill=(235, 235, 235))
    fd.text((20, 48), f"{pl.upper()} {pf.upper()}", font=f, fill=(235, 235, 235))
    fd.text(
        (20, 80),
        d.strftime(r.choice(["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"])),
        font=f,
        fill=(235, 235, 235),
    )
    fd.text(
        (film_w - 20, 16),
        r.choice(["PANORAMIQUE", "OPG", "THORAX F", "RETRO-ALVEOLAIRE"]),
        font=f,
        fill=(235,) * 3,
        anchor="ra",
    )
    fd.text(
        (film_w - 20, film_h - 40),
        f"{r.randint(60, 90)} kV  {r.randint(4, 16)} mA",
        font=f,
        fill=(200,) * 3,
        anchor="ra",
    )
    fd.text(
        (30, film_h / 2),
        r.choice(["R", "D"]),
        font=font(_FONTS["sans_bold"][0], 44),
        fill=(240,) * 3,
    )
    if r.random() < 0.5:  # the film itself, on a light box or against a window
        s.img = Image.new("RGB", (s.w, s.h), (200, 205, 210))
        s.draw = ImageDraw.Draw(s.img)
        film = film.resize((s.w - 40, int((s.w - 40) * film_h / film_w)))
        s.img.paste(film, (20, (s.h - film.height) // 2))
    else:  # a paper print with a header
        s.text(80, 70, center.title(), 32, bold=True)
        s.text(
            80,
            116,
            "Radiographie "
            + r.choice(["panoramique dentaire", "du thorax de face", "rétro-alvéolaire"]),
            24,
        )
        s.text(80, 150, f"Patient : {pl} {pf} - le {fr_date(d, r)}", 22)
        film = film.resize((s.w - 160, int((s.w - 160) * film_h / film_w)))
        s.img.paste(film, (80, 220))
    return {"document_date": d.isoformat()}


DRAWERS: dict[str, Callable[[Sheet], dict[str, Any]]] = {
    "feuille_de_soins": doc_feuille,
    "ordonnance": doc_ordonnance,
    "facture": doc_facture,
    "vignettes": doc_vignettes,
    "resultats": doc_resultats,
    "calendrier_seances": doc_calendrier,
    "entente_prealable": doc_entente,
    "certificat_medical": doc_certificat,
    "declaration_accident": doc_accident,
    "declaration_maladie_chronique": doc_chronique,
    "devis": doc_devis,
    "radiographie": doc_radio,
}


# ---------------------------------------------------------------- non-documents


def neg_image(kind: str, r: random.Random) -> tuple[np.ndarray, bool]:
    """A non-document as an RGB array, and whether it is a photo of paper (to set on a table)."""
    rng = np.random.default_rng(r.randrange(1 << 30))
    if kind == "selfie":
        h, w = 1600, 1200
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        bg = np.array([r.randint(40, 200) for _ in range(3)], np.float32)
        img = np.ones((h, w, 3), np.float32) * bg * (0.6 + 0.4 * yy[..., None] / h)
        skin = np.array([r.randint(150, 220), r.randint(110, 170), r.randint(80, 130)], np.float32)
        face = (((xx - w / 2) / 330) ** 2 + ((yy - h * 0.45) / 440) ** 2) < 1
        img[face] = skin * 0.9
        hair = (((xx - w / 2) / 360) ** 2 + ((yy - h * 0.3) / 300) ** 2 < 1) & (yy < h * 0.32)
        img[hair] = (30, 22, 18)
        body = (((xx - w / 2) / 560) ** 2 + ((yy - h * 1.05) / 420) ** 2) < 1
        img[body] = np.array([r.randint(0, 255) for _ in range(3)], np.float32)
        for ex in (-120, 120):
            eye = (((xx - w / 2 - ex) / 40) ** 2 + ((yy - h * 0.42) / 20) ** 2) < 1
            img[eye] = (40, 30, 30)
        img = cv2.GaussianBlur(img, (0, 0), 6) + rng.normal(0, 5, img.shape)
        return np.clip(img, 0, 255).astype(np.uint8), False
    if kind == "dark":
        img = np.full((1600, 1200, 3), r.randint(4, 22), np.float32)
        img += rng.normal(0, 6, img.shape)
        blob = cv2.GaussianBlur(
            (rng.random((1600, 1200)) > 0.999).astype(np.float32) * 400, (0, 0), 40
        )
        img += blob[..., None] * np.array([1.0, 0.9, 0.7])
        return np.clip(img, 0, 255).astype(np.uint8), False
    if kind == "chat":
        s = Sheet(r, (900, 1900))
        s.img.paste((236, 229, 221), (0, 0, 900, 1900))
        s.draw.rectangle((0, 0, 900, 150), fill=(82, 136, 193))
        s.text(
            140, 60, f"{r.choice(FIRST)} {r.choice(LAST)[0]}.", 34, bold=True, fill=(255, 255, 255)
        )
        s.text(
            140,
            104,
            r.choice(["en ligne", "vu à 21:14", "last seen recently"]),
            22,
            fill=(220, 230, 255),
        )
        msgs = [
            "Salam, ça va ?",
            "Wach 3titi l papiers l mutuelle ?",
            "Oui hier, ils ont dit 3 semaines",
            "Ok merci",
            "Tu peux m'envoyer la photo de l'ordonnance",
            "لا باس، غادي نصيفطها ليك",
            "Demain inchallah",
            "Fin nta ? rani f l pharmacie",
            "On se voit à 18h au café",
        ]
        y = 200
        for i, m in enumerate(r.sample(msgs, 7)):
            mine = i % 2 == 1
            f = s.pfont(30)
            tw = (
                s.draw.textlength(m, font=f)
                if not any("\u0600" <= c <= "\u06ff" for c in m)
                else 420
            )
            x0 = 900 - tw - 90 if mine else 30
            s.draw.rounded_rectangle(
                (x0, y, x0 + tw + 60, y + 90),
                22,
                fill=(239, 253, 222) if mine else (255, 255, 255),
            )
            if any("\u0600" <= c <= "\u06ff" for c in m):
                s.arabic(x0 + tw + 30, y + 18, m, 30)
            else:
                s.text(x0 + 30, y + 22, m, 30)
            s.text(
                x0 + tw + 40,
                y + 64,
                f"{r.randint(8, 23)}:{r.randint(10, 59)}",
                16,
                fill=(120, 120, 120),
                anchor="ra",
            )
            y += 130 + r.randint(0, 60)
        return np.asarray(s.img), False
    if kind == "blank":
        s = Sheet(r)
        if r.random() < 0.5:
            s.line(60, 80, 200, 80, 1)
        return np.asarray(s.img), True
    if kind == "receipt":
        s = Sheet(r, (620, 1500), tint=r.randint(0, 10))
        shop = r.choice(
            ["SUPERETTE AL BARAKA", "CAFE LES AMIS", "HANOUT SALAM", "MARCHE DU QUARTIER"]
        )
        s.text(310, 40, shop, 30, bold=True, mono=True, anchor="ma")
        s.text(310, 84, f"{r.choice(STREETS)} {r.choice(CITIES)}", 18, mono=True, anchor="ma")
        s.text(40, 130, f"Ticket {r.randint(1000, 9999)}  Caisse {r.randint(1, 6)}", 20, mono=True)
        when = base_date(r)
        s.text(
            40,
            160,
            when.strftime("%d/%m/%Y") + f"  {r.randint(8, 22)}:{r.randint(10, 59)}",
            20,
            mono=True,
        )
        y = 220
        total = Decimal(0)
        for item in r.sample(
            [
                "Lait 1L",
                "Pain",
                "Café 250g",
                "Eau 1.5L",
                "Sucre 1kg",
                "Huile 1L",
                "Thé vert",
                "Biscuits",
                "Yaourt x4",
                "Tomates 1kg",
            ],
            7,
        ):
            p = Decimal(r.randint(300, 6000)) / 100
            total += p
            s.text(40, y, item, 22, mono=True)
            s.text(580, y, f"{p:.2f}", 22, mono=True, anchor="ra")
            y += 38
        s.text(40, y + 20, "-" * 38, 22, mono=True)
        s.text(40, y + 60, "TOTAL", 28, bold=True, mono=True)
        s.text(580, y + 60, f"{total:.2f}", 28, mono=True, anchor="ra")
        s.text(40, y + 110, f"ESPECES {total + Decimal(r.randint(0, 50)):.2f}", 20, mono=True)
        s.text(310, y + 190, "MERCI DE VOTRE VISITE", 22, mono=True, anchor="ma")
        return np.asarray(s.img), True
    # an ID-like card on a table (invented layout, no real card's design)
    s = Sheet(r, (1012, 638))
    s.img.paste((226, 214, 222), (0, 0, 1012, 638))
    s.text(506, 24, "CARTE D'IDENTITÉ - SPÉCIMEN", 30, bold=True, anchor="ma", fill=(80, 40, 70))
    s.arabic(980, 70, "بطاقة التعريف", 30)
    s.draw.rounded_rectangle((40, 130, 300, 470), 12, fill=(180, 160, 150))
    s.draw.ellipse((100, 170, 240, 330), fill=(150, 110, 90))
    s.draw.ellipse((60, 320, 280, 520), fill=(70, 70, 90))
    first, last = person(r)
    for j, (lab, val) in enumerate(
        [
            ("Nom", last.upper()),
            ("Prénom", first),
            ("Né(e) le", f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.randint(1960, 2004)}"),
            ("à", r.choice(CITIES)),
            (
                "Valable jusqu'au",
                f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.randint(2027, 2034)}",
            ),
        ]
    ):
        s.text(340, 140 + j * 62, lab, 20, fill=(90, 60, 80))
        s.text(340, 164 + j * 62, val, 28, bold=True)
    s.text(
        40,
        560,
        f"<<{last.upper()}<<{first.upper()}<<<<<<<<<<<<{r.randint(10**5, 10**6 - 1)}",
        24,
        mono=True,
    )
    return np.asarray(s.img), True


# ---------------------------------------------------------------- paper and camera


def _odd(k: float) -> int:
    return max(1, int(k) // 2 * 2 + 1)


def paper_effects(page: np.ndarray, r: random.Random, level: str) -> np.ndarray:
    """Stains, folds, a staple and crumple shading on the flat page."""
    rng = np.random.default_rng(r.randrange(1 << 30))
    h, w = page.shape[:2]
    img = page.astype(np.float32)
    strength = {"normal": 0.5, "hard": 1.0, "extreme": 1.6}[level]
    low = cv2.resize(rng.random((6, 5)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    img *= (1 - 0.06 * strength * low)[..., None]
    for _ in range(
        r.randint(0, 1 + int(strength * 1.5))
    ):  # folds: a crease with a shade on one side
        if r.random() < 0.5:
            y = int(h * r.uniform(0.3, 0.7))
            img[y : y + 2] *= 0.85
            img[y + 2 : y + 40] *= np.linspace(0.94, 1, 38, dtype=np.float32)[:, None, None]
        else:
            x = int(w * r.uniform(0.3, 0.7))
            img[:, x : x + 2] *= 0.87
            img[:, x + 2 : x + 40] *= np.linspace(0.95, 1, 38, dtype=np.float32)[None, :, None]
    for _ in range(r.randint(0, int(strength * 2))):  # a coffee ring or a drop
        cx, cy = r.randint(0, w), r.randint(0, h)
        rad = r.randint(40, 160)
        mask: Any = np.zeros((h, w), np.float32)
        cv2.circle(mask, (cx, cy), rad, 1.0, r.choice([-1, 6, 10]), cv2.LINE_AA)
        mask = cv2.GaussianBlur(mask, (0, 0), 4)
        stain = np.array([0.82, 0.7, 0.55], np.float32)
        img *= 1 - mask[..., None] * (1 - stain) * r.uniform(0.3, 0.8)
    if r.random() < 0.45 * strength:  # a staple in the top-left corner
        x, y = r.randint(30, 90), r.randint(30, 90)
        cv2.line(img, (x, y), (x + 60, y + r.randint(-14, 14)), (90, 90, 96), 5, cv2.LINE_AA)
        cv2.line(img, (x, y + 3), (x + 60, y + 3), (200, 200, 205), 1, cv2.LINE_AA)
    return np.clip(img, 0, 255).astype(np.uint8)


def background(r: random.Random, size: tuple[int, int]) -> np.ndarray:
    """A tablecloth, a wooden table or a sofa: what the sheet lies on."""
    w, h = size
    rng = np.random.default_rng(r.randrange(1 << 30))
    kind = r.choice(["gingham", "wood", "plain", "floral"])
    yy, xx = np.mgrid[0:h, 0:w]
    if kind == "gingham":
        c = np.array([r.randint(120, 220), r.randint(30, 120), r.randint(30, 120)], np.float32)
        p = r.randint(30, 60)
        a = ((xx // p) % 2).astype(np.float32)
        b = ((yy // p) % 2).astype(np.float32)
        mix = (a + b)[..., None] / 2
        img = 250 * (1 - mix) + c * mix
    elif kind == "wood":
        base = np.array([r.randint(110, 170), r.randint(70, 110), r.randint(40, 70)], np.float32)
        grain = np.sin((xx * 0.02 + np.sin(yy * 0.01) * 3 + rng.random() * 10) * 3).astype(
            np.float32
        )
        img = base * (0.85 + 0.12 * grain[..., None])
    elif kind == "floral":
        img = np.ones((h, w, 3), np.float32) * np.array(
            [r.randint(180, 240), r.randint(170, 230), r.randint(120, 200)], np.float32
        )
        for _ in range(80):
            cv2.circle(
                img,
                (r.randint(0, w), r.randint(0, h)),
                r.randint(10, 35),
                (r.randint(60, 200), r.randint(40, 150), r.randint(40, 150)),
                -1,
            )
    else:
        img = np.ones((h, w, 3), np.float32) * np.array(
            [r.randint(40, 200) for _ in range(3)], np.float32
        )
    img += rng.normal(0, 6, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def curl(page: np.ndarray, r: random.Random, amount: float) -> np.ndarray:
    """Paper curl: the rows bow and one edge lifts (a smooth remap)."""
    h, w = page.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    phase = r.uniform(0, math.pi)
    dy = amount * np.sin(xx / w * math.pi + phase) * (0.3 + yy / h)
    dx = amount * 0.5 * ((xx / w) ** 3) * np.sin(yy / h * math.pi)
    return cv2.remap(page, xx + dx, yy + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def camera(page: np.ndarray, r: random.Random, level: str, paper: bool) -> np.ndarray:
    """Photograph the page: on a table at an angle, lit unevenly, a thumb, blur and noise."""
    rng = np.random.default_rng(r.randrange(1 << 30))
    k = {"normal": 0.5, "hard": 1.0, "extreme": 1.7}[level]
    h, w = page.shape[:2]
    if paper and r.random() < 0.7 * k:
        page = curl(page, r, r.uniform(4, 18) * k)
    ow, oh = (1500, 2000) if h >= w else (2000, 1500)
    if not paper:  # a screen or a selfie: fill the frame
        out = cv2.resize(page, (ow, oh))
    else:
        bg = background(r, (ow, oh))
        scale = (
            min(ow / w, oh / h) * r.uniform(0.7, 0.92)
            if level != "extreme"
            else min(ow / w, oh / h) * r.uniform(0.6, 1.05)
        )
        cw, ch = w * scale, h * scale
        cx, cy = ow / 2 + r.uniform(-0.06, 0.06) * ow, oh / 2 + r.uniform(-0.06, 0.06) * oh
        ang = math.radians(r.uniform(-6, 6) * k)
        corners = []
        for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            px, py = sx * cw / 2, sy * ch / 2
            jx = r.uniform(-0.07, 0.07) * cw * k
            jy = r.uniform(-0.05, 0.05) * ch * k
            corners.append(
                (
                    cx + px * math.cos(ang) - py * math.sin(ang) + jx,
                    cy + px * math.sin(ang) + py * math.cos(ang) + jy,
                )
            )
        src = np.array([(0, 0), (w, 0), (w, h), (0, h)], np.float32)
        m = cv2.getPerspectiveTransform(src, np.array(corners, np.float32))
        warped = cv2.warpPerspective(page, m, (ow, oh), flags=cv2.INTER_AREA)
        mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (ow, oh))
        soft = cv2.GaussianBlur(mask, (5, 5), 0).astype(np.float32)[..., None] / 255
        shadow = (
            cv2.GaussianBlur(np.roll(mask, (12, 9), (0, 1)), (0, 0), 12).astype(np.float32)[
                ..., None
            ]
            / 255
        )
        out = bg.astype(np.float32) * (1 - 0.35 * shadow)
        out = out * (1 - soft) + warped.astype(np.float32) * soft
        out = np.clip(out, 0, 255).astype(np.uint8)
    img: Any = out.astype(np.float32)
    yy, xx = np.mgrid[0:oh, 0:ow].astype(np.float32)
    gx, gy = r.uniform(-1, 1), r.uniform(-1, 1)
    light = 1 - 0.18 * k * (gx * (xx / ow - 0.5) + gy * (yy / oh - 0.5)) * 2
    img *= light[..., None]
    warm = np.array([1.0, r.uniform(0.95, 1.0), r.uniform(0.85, 1.0)], np.float32)
    img *= warm
    if r.random() < 0.5 * k:  # a hand's or phone's shadow
        poly: Any = np.zeros((oh, ow), np.float32)
        x0 = r.randint(0, ow)
        pts = np.array(
            [
                (x0, 0),
                (x0 + r.randint(200, 700), 0),
                (x0 + r.randint(-200, 400), oh),
                (x0 - r.randint(200, 600), oh),
            ],
            np.int32,
        )
        cv2.fillPoly(poly, [pts], 1.0)
        poly = cv2.GaussianBlur(poly, (0, 0), 60)
        img *= (1 - r.uniform(0.25, 0.5) * poly)[..., None]
    if paper and r.random() < 0.35 * k:  # a thumb holding the sheet at an edge
        side = r.choice(["left", "right", "bottom"])
        tmask: Any = np.zeros((oh, ow), np.float32)
        if side == "bottom":
            center = (r.randint(200, ow - 200), oh - r.randint(0, 60))
            axes = (r.randint(90, 140), r.randint(170, 260))
        else:
            center = (0 if side == "left" else ow, r.randint(400, oh - 400))
            axes = (r.randint(170, 260), r.randint(90, 140))
        cv2.ellipse(tmask, center, axes, r.uniform(-20, 20), 0, 360, 1.0, -1)
        tmask = cv2.GaussianBlur(tmask, (0, 0), 8)[..., None]
        skin = np.array([r.randint(170, 225), r.randint(120, 170), r.randint(90, 140)], np.float32)
        img = img * (1 - tmask) + skin * (0.8 + 0.2 * tmask) * tmask
    blur = {
        "normal": r.uniform(0, 1.2),
        "hard": r.uniform(0.8, 2.2),
        "extreme": r.uniform(1.8, 3.6),
    }[level]
    if blur > 0.3:
        img = cv2.GaussianBlur(img, (0, 0), blur)
    if r.random() < 0.4 * k:  # hand shake
        length = r.randint(5, int(6 + 10 * k))
        kern: Any = np.zeros((length, length), np.float32)
        kern[length // 2, :] = 1
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), r.uniform(0, 180), 1)
        kern = cv2.warpAffine(kern, rot, (length, length))
        img = cv2.filter2D(img, -1, kern / max(float(kern.sum()), 1e-6))
    img += rng.normal(0, 2 + 3 * k, img.shape).astype(np.float32)
    if level == "extreme" and r.random() < 0.5:  # low light
        img = img * r.uniform(0.45, 0.7) + 10
    return np.clip(img, 0, 255).astype(np.uint8)


def scanner(page: np.ndarray, r: random.Random, level: str) -> np.ndarray:
    """A flatbed or copier scan: flat, slightly skewed, greyer, toner speckles."""
    rng = np.random.default_rng(r.randrange(1 << 30))
    k = {"normal": 0.5, "hard": 1.0, "extreme": 1.7}[level]
    h, w = page.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), r.uniform(-1.5, 1.5) * k, r.uniform(0.95, 1.0))
    img: Any = cv2.warpAffine(page, m, (w, h), borderValue=(250, 250, 250)).astype(np.float32)
    if r.random() < 0.5:
        img = np.repeat(img.mean(axis=2, keepdims=True), 3, axis=2)
    img = (img - 128) * r.uniform(1.0, 1.3) + 128 + r.uniform(-10, 10)
    speck = (rng.random((h, w)) > 1 - 0.0008 * k).astype(np.float32)
    img -= cv2.GaussianBlur(speck, (3, 3), 0)[..., None] * 300
    img = cv2.GaussianBlur(img, (0, 0), 0.5 + 0.6 * k)
    img += rng.normal(0, 2 * k, img.shape).astype(np.float32)
    scale = {"normal": 1.0, "hard": 0.8, "extreme": 0.62}[level]
    img = cv2.resize(img, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    return np.clip(img, 0, 255).astype(np.uint8)


def jpeg(arr: np.ndarray, quality: int) -> bytes:
    """Encode as JPEG."""
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def telegram(arr: np.ndarray, r: random.Random, level: str) -> bytes:
    """The camera's JPEG, then Telegram's: long side 1280, quality about 80."""
    first = Image.open(io.BytesIO(jpeg(arr, r.randint(88, 95)))).convert("RGB")
    w, h = first.size
    s = 1280 / max(w, h)
    if level == "extreme" and r.random() < 0.5:
        s = r.uniform(700, 1000) / max(w, h)  # a forwarded, shrunk copy
    first = first.resize((int(w * s), int(h * s)), Image.Resampling.LANCZOS)
    q = {"normal": r.randint(78, 85), "hard": r.randint(70, 82), "extreme": r.randint(50, 72)}[
        level
    ]
    return jpeg(np.asarray(first), q)


def rotate(arr: np.ndarray, degrees: int) -> np.ndarray:
    """Turn the picture by 0/90/180/270 degrees (counter-clockwise), as a sideways photo is."""
    return np.ascontiguousarray(np.rot90(arr, degrees // 90))


# ---------------------------------------------------------------- samples


def make_sample(
    seed: int, doc_type: str, level: str, rotation: int, medium: str, negative: str | None = None
) -> tuple[bytes, str, Truth]:
    """One file's bytes, its extension and its truth; the same arguments give the same bytes."""
    r = random.Random(f"{seed}:{doc_type}:{negative}:{level}:{rotation}:{medium}")
    paper = True
    if negative:
        page, paper = neg_image(negative, r)
        fields: dict[str, Any] = {}
    else:
        a5 = doc_type in ("ordonnance", "certificat_medical") and r.random() < 0.35
        sheet = Sheet(r, (1240, 1754), tint=r.randint(0, 12))
        fields = DRAWERS[doc_type](sheet)
        page = np.asarray(sheet.img)
        if a5:  # an A5 pad: the same layout, fewer pixels per letter
            page = cv2.resize(page, (1000, 1414), interpolation=cv2.INTER_AREA)
    if paper and negative != "blank":
        page = paper_effects(page, r, level)
    if negative == "chat":  # a screenshot: no camera, only Telegram's recompression
        data, ext = telegram(page, r, level), "jpg"
    elif medium == "photo" or not paper:
        arr = camera(page, r, level, paper)
        arr = rotate(arr, rotation)
        data, ext = telegram(arr, r, level), "jpg"
    else:
        arr = rotate(scanner(page, r, level), rotation)
        if medium == "pdf":
            buf = io.BytesIO()
            Image.fromarray(arr).save(buf, "PDF", resolution=150.0 * arr.shape[1] / 1240)
            data, ext = buf.getvalue(), "pdf"
        elif r.random() < 0.5:
            data, ext = jpeg(arr, r.randint(75, 92)), "jpg"
        else:
            buf = io.BytesIO()
            Image.fromarray(arr).convert("L").save(buf, "PNG")
            data, ext = buf.getvalue(), "png"
    kind = negative or doc_type
    name = f"{seed:05d}_{kind}_{level}_{rotation}_{medium}.{ext}"
    truth = Truth(
        name, seed, "unknown" if negative else doc_type, negative, level, rotation, medium, fields
    )
    return data, ext, truth


def plan(
    per_type: int, negatives_per_kind: int, seed0: int
) -> list[tuple[int, str, str, int, str, str | None]]:
    """The batch: each type through every level × orientation in turn; media mostly photos."""
    jobs: list[tuple[int, str, str, int, str, str | None]] = []
    seed = seed0
    cells = [(lv, rot) for rot in ROTATIONS for lv in LEVELS]
    for doc_type in DOC_TYPES:
        for i in range(per_type):
            level, rot = cells[i % len(cells)]
            medium = random.Random(seed).choices(MEDIA, weights=(70, 15, 15))[0]
            jobs.append((seed, doc_type, level, rot, medium, None))
            seed += 1
    for neg in NEGATIVES:
        for i in range(negatives_per_kind):
            level, rot = LEVELS[i % 3], ROTATIONS[(i * 3 + NEGATIVES.index(neg)) % 4]
            rot = 0 if neg == "chat" else rot  # a screenshot is never sideways
            medium = (
                "photo"
                if neg in ("selfie", "dark", "chat")
                else random.Random(seed).choice(["photo", "photo", "scan"])
            )
            jobs.append((seed, "unknown", level, rot, medium, neg))
            seed += 1
    return jobs


def write_batch(
    directory: Path, per_type: int, negatives_per_kind: int, seed0: int
) -> list[tuple[Path, Truth]]:
    """Write the batch's files and truth.jsonl into directory."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    with (directory / "truth.jsonl").open("w", encoding="utf-8") as log:
        for seed, doc_type, level, rot, medium, neg in plan(per_type, negatives_per_kind, seed0):
            data, _, truth = make_sample(seed, doc_type, level, rot, medium, neg)
            path = directory / truth.name
            path.write_bytes(data)
            log.write(json.dumps(asdict(truth), ensure_ascii=False) + "\n")
            out.append((path, truth))
    return out


def main() -> None:
    """Write a batch of photos and their truth."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-type", type=int, default=12)
    parser.add_argument("--negatives", type=int, default=3, help="files per kind of non-document")
    parser.add_argument("--seed0", type=int, default=20000)
    args = parser.parse_args()
    batch = write_batch(args.out, args.per_type, args.negatives, args.seed0)
    print(f"{len(batch)} files in {args.out} (truth.jsonl); fonts: {fonts_available()}")


if __name__ == "__main__":
    main()

"""Synthetic French/Arabic claim documents, drawn with Pillow and degraded like phone photos.

Every name, number and address here is invented. ``make_photo(doc_type, seed)`` is deterministic:
the same seed gives the same JPEG bytes and the same ground truth.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import logging
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bot.recognition.doctypes import DocType

logger = logging.getLogger(__name__)

# Every type the recognition knows, but "unknown".
DOC_TYPES: tuple[str, ...] = tuple(t.value for t in DocType if t is not DocType.UNKNOWN)

_DEJAVU = "/usr/share/fonts/truetype/dejavu/"
_NOTO = "/usr/share/fonts/truetype/noto/"
_AMIRI = "/usr/share/fonts/opentype/fonts-hosny-amiri/"

LATIN_FONTS: tuple[tuple[str, str], ...] = (
    (_DEJAVU + "DejaVuSans.ttf", _DEJAVU + "DejaVuSans-Bold.ttf"),
    (_DEJAVU + "DejaVuSerif.ttf", _DEJAVU + "DejaVuSerif-Bold.ttf"),
    (_DEJAVU + "DejaVuSansCondensed.ttf", _DEJAVU + "DejaVuSansCondensed-Bold.ttf"),
    (_NOTO + "NotoSans-Regular.ttf", _NOTO + "NotoSans-Bold.ttf"),
    (_NOTO + "NotoSerif-Regular.ttf", _NOTO + "NotoSerif-Bold.ttf"),
)
HAND_FONTS: tuple[str, ...] = (
    _DEJAVU + "DejaVuSans-Oblique.ttf",
    _DEJAVU + "DejaVuSerif-Italic.ttf",
    _NOTO + "NotoSans-Italic.ttf",
)
ARABIC_FONTS: tuple[str, ...] = (
    _AMIRI + "Amiri-Regular.ttf",
    _NOTO + "NotoNaskhArabic-Regular.ttf",
    _NOTO + "NotoSansArabic-Regular.ttf",
    _NOTO + "NotoKufiArabic-Regular.ttf",
)

# Invented people (no real person is meant).
FIRST_NAMES = (
    "Khadija",
    "Rachid",
    "Meryem",
    "Youssef",
    "Hamza",
    "Zineb",
    "Omar",
    "Leila",
    "Sanae",
    "Anass",
    "Hiba",
    "Tarik",
    "Nour",
    "Ilyas",
    "Amina",
    "Soufiane",
    "Ghita",
    "Mehdi",
    "Rim",
    "Adam",
    "Kenza",
    "Badr",
    "Safae",
    "Walid",
)
LAST_NAMES = (
    "BERRADA",
    "CHRAIBI",
    "LAHLOU",
    "FASSI FIHRI",
    "OUAZZANI",
    "KETTANI",
    "SQALLI",
    "TAHIRI",
    "IDRISSI",
    "BENJELLOUN",
    "ZOUHAIR",
    "MOUSSAOUI",
    "HAKIMI",
    "NACIRI",
    "RAMDANI",
    "SEBTI",
    "GUESSOUS",
    "MERNISSI",
    "BOUZIDI",
    "EL KHATTABI",
    "AZZOUZI",
    "CHERKAOUI",
)
CITIES = ("Casablanca", "Rabat", "Fès", "Marrakech", "Tanger", "Agadir", "Meknès", "Oujda")
STREETS = (
    "Rue des Orangers",
    "Bd Zerktouni",
    "Avenue Hassan II",
    "Rue Ibn Batouta",
    "Bd Anfa",
    "Rue Moulay Youssef",
    "Avenue des FAR",
    "Rue Al Jahid",
    "Bd Ghandi",
    "Rue Tarik Ibn Ziad",
)
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MEDICINES = (
    ("Amoxicilline", "1 g", "1 cp matin et soir pendant 8 jours"),
    ("Paracétamol", "500 mg", "1 cp 3 fois par jour si douleur"),
    ("Ibuprofène", "400 mg", "1 cp au milieu du repas, 5 jours"),
    ("Oméprazole", "20 mg", "1 gélule le matin à jeun"),
    ("Metformine", "850 mg", "1 cp matin et soir"),
    ("Amlodipine", "5 mg", "1 cp par jour"),
    ("Salbutamol", "100 µg", "2 bouffées si gêne respiratoire"),
    ("Vitamine D3", "100 000 UI", "1 ampoule par mois"),
    ("Azithromycine", "250 mg", "2 cp le 1er jour puis 1 cp/j"),
    ("Sérum physiologique", "5 ml", "lavage nasal 3 fois par jour"),
)
THERAPIES = (
    ("Orthophonie", "Orthophoniste"),
    ("Psychomotricité", "Psychomotricien"),
    ("Kinésithérapie", "Kinésithérapeute"),
    ("Rééducation fonctionnelle", "Kinésithérapeute"),
)


@dataclass(frozen=True)
class Truth:
    """What a synthetic document contains (the expected recognition)."""

    doc_type: str
    extra_types: tuple[str, ...] = ()
    patient_name: str | None = None
    document_date: dt.date | None = None
    consultation_date: dt.date | None = None
    doctor_part_blank: bool | None = None
    total_declared: Decimal | None = None
    amount_total: Decimal | None = None
    invoice_number: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    session_count: int | None = None


@dataclass(frozen=True)
class SyntheticPhoto:
    """A degraded photo (JPEG bytes) with its ground truth."""

    jpeg: bytes
    truth: Truth
    size: tuple[int, int]


@dataclass
class _Style:
    regular: str
    bold: str
    hand: str
    arabic: str
    body: int
    ink: tuple[int, int, int]
    hand_ink: tuple[int, int, int]
    margin: int
    upper_titles: bool
    bracket_boxes: bool


def fmt_date(d: dt.date, rng: random.Random | None = None) -> str:
    """Format a date like people write it on forms."""
    style = rng.randrange(4) if rng else 0
    if style == 1:
        return d.strftime("%d-%m-%Y")
    if style == 2:
        return d.strftime("%d/%m/%y") if rng and rng.random() < 0.3 else d.strftime("%d/%m/%Y")
    if style == 3:
        return f"{d.day:02d} {MONTHS_FR[d.month - 1]} {d.year}"
    return d.strftime("%d/%m/%Y")


def fmt_amount(value: Decimal, rng: random.Random) -> str:
    """Format an amount the ways Moroccan invoices do."""
    whole = int(value)
    cents = int((value - whole) * 100)
    style = rng.randrange(4)
    if style == 0:
        return f"{whole},{cents:02d}"
    if style == 1:
        grouped = f"{whole:,}".replace(",", " ")
        return f"{grouped},{cents:02d}"
    if style == 2:
        return f"{whole}.{cents:02d}"
    grouped = f"{whole:,}".replace(",", ".")
    return f"{grouped},{cents:02d}"


def add_months(d: dt.date, months: int) -> dt.date:
    """Add calendar months, clamping the day."""
    month0 = d.month - 1 + months
    year = d.year + month0 // 12
    month = month0 % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


class _Page:
    """A flowing page renderer with per-seed style."""

    def __init__(self, rng: random.Random, width: int = 1240) -> None:
        self.rng = rng
        fonts = rng.choice(LATIN_FONTS)
        blue = rng.random() < 0.6
        self.style = _Style(
            regular=fonts[0],
            bold=fonts[1],
            hand=rng.choice(HAND_FONTS),
            arabic=rng.choice(ARABIC_FONTS),
            body=rng.randint(25, 33),
            ink=(20, 20, 25) if rng.random() < 0.8 else (25, 35, 90),
            hand_ink=(20, 40, 150) if blue else (30, 30, 30),
            margin=rng.randint(60, 110),
            upper_titles=rng.random() < 0.5,
            bracket_boxes=rng.random() < 0.3,
        )
        self.width = width
        self.img = Image.new("RGB", (width, 3600), "white")
        self.draw = ImageDraw.Draw(self.img)
        self.y = self.style.margin
        self._fonts: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

    def font(self, path: str, size: int) -> ImageFont.FreeTypeFont:
        key = (path, size)
        if key not in self._fonts:
            self._fonts[key] = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)
        return self._fonts[key]

    @property
    def left(self) -> int:
        return self.style.margin

    @property
    def right(self) -> int:
        return self.width - self.style.margin

    def gap(self, factor: float = 1.0) -> None:
        self.y += int(self.style.body * factor)

    def box(self, checked: bool) -> str:
        if self.style.bracket_boxes:
            return "[X]" if checked else "[ ]"
        return "☒" if checked else "☐"

    def text(
        self,
        s: str,
        *,
        size: float = 1.0,
        bold: bool = False,
        align: str = "left",
        hand: bool = False,
        x: int | None = None,
        advance: bool = True,
    ) -> int:
        px = max(12, int(self.style.body * size))
        path = self.style.hand if hand else (self.style.bold if bold else self.style.regular)
        font = self.font(path, px)
        width = int(self.draw.textlength(s, font=font))
        if x is None:
            if align == "center":
                x = (self.width - width) // 2
            elif align == "right":
                x = self.right - width
            else:
                x = self.left
        color = self.style.hand_ink if hand else self.style.ink
        self.draw.text((x, self.y), s, font=font, fill=color)
        if advance:
            self.y += int(px * 1.45)
        return x + width

    def title(self, s: str, *, size: float = 1.6, align: str = "center") -> None:
        if self.style.upper_titles:
            s = s.upper()
        self.text(s, size=size, bold=True, align=align)

    def kv(self, label: str, value: str, *, x: int | None = None, advance: bool = True) -> int:
        end = self.text(label + " ", x=x, advance=False)
        return self.text(value, hand=True, x=end + 6, advance=advance)

    def scrawl(self, label: str) -> None:
        """A label and, beside it, a handwritten value nobody can read (a quick scrawl)."""
        end = self.text(label + " ", advance=False)
        height = self.style.body
        x, y = end + 10, self.y + height // 2
        points = [(x, y)]
        for _ in range(40):
            x += self.rng.randint(4, 9)
            y = self.y + height // 2 + self.rng.randint(-height // 2, height // 2)
            points.append((x, y))
        self.draw.line(points, fill=self.style.hand_ink, width=3, joint="curve")
        self.y += int(height * 1.7)

    def arabic(self, s: str, *, size: float = 1.1, align: str = "right") -> None:
        px = max(14, int(self.style.body * size))
        font = self.font(self.style.arabic, px)
        bbox = self.draw.textbbox((0, 0), s, font=font, direction="rtl", language="ar")
        width = bbox[2] - bbox[0]
        if align == "center":
            x = (self.width - width) // 2
        elif align == "left":
            x = self.left
        else:
            x = self.right - width
        self.draw.text(
            (x - bbox[0], self.y),
            s,
            font=font,
            fill=self.style.ink,
            direction="rtl",
            language="ar",
        )
        self.y += int(px * 1.7)

    def hline(self) -> None:
        self.draw.line((self.left, self.y, self.right, self.y), fill=self.style.ink, width=2)
        self.y += self.style.body // 2

    def table(self, header: list[str], rows: list[list[str]], hand_cols: set[int]) -> None:
        ncol = len(header)
        span = self.right - self.left
        col_w = span // ncol
        row_h = int(self.style.body * 1.7)
        top = self.y
        for r, cells in enumerate([header, *rows]):
            for c, cell in enumerate(cells):
                size = 0.85 if r == 0 else 0.95
                self.text(
                    cell,
                    size=size,
                    bold=r == 0,
                    hand=(r > 0 and c in hand_cols),
                    x=self.left + c * col_w + 10,
                    advance=False,
                )
            self.y += row_h
            self.draw.line((self.left, self.y - 6, self.right, self.y - 6), fill=(90, 90, 90))
        for c in range(ncol + 1):
            x = self.left + c * col_w
            self.draw.line((x, top - 6, x, self.y - 6), fill=(90, 90, 90))
        self.draw.line((self.left, top - 6, self.right, top - 6), fill=(90, 90, 90))
        self.gap(0.5)

    def frame(self, top: int) -> None:
        self.draw.rectangle(
            (self.left - 20, top - 15, self.right + 20, self.y + 5),
            outline=self.style.ink,
            width=2,
        )
        self.y += 25

    def finish(self) -> Image.Image:
        height = max(self.y + self.style.margin, int(self.width * 0.72))
        return self.img.crop((0, 0, self.width, height))


# --------------------------------------------------------------------------- facts


@dataclass
class _Facts:
    rng: random.Random
    patient_first: str = ""
    patient_last: str = ""
    adherent: str = ""
    doctor: str = ""
    provider: str = ""
    city: str = ""
    address: str = ""
    phone: str = ""
    date: dt.date = dt.date(2024, 1, 1)
    therapy: tuple[str, str] = ("", "")
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def patient(self) -> str:
        return f"{self.patient_last} {self.patient_first}"


def _facts(rng: random.Random) -> _Facts:
    last = rng.choice(LAST_NAMES)
    f = _Facts(rng)
    f.patient_first = rng.choice(FIRST_NAMES)
    f.patient_last = last
    f.adherent = f"{last} {rng.choice(FIRST_NAMES)}".upper()
    f.doctor = f"{rng.choice(LAST_NAMES)} {rng.choice(FIRST_NAMES)}"
    f.provider = f"{rng.choice(LAST_NAMES)} {rng.choice(FIRST_NAMES)}"
    f.city = rng.choice(CITIES)
    f.address = f"{rng.randint(2, 180)}, {rng.choice(STREETS)}, {f.city}"
    f.phone = "05 " + " ".join(f"{rng.randint(10, 99)}" for _ in range(4))
    f.date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1000))
    f.therapy = rng.choice(THERAPIES)
    return f


def _patient_line(p: _Page, f: _Facts) -> tuple[str, str]:
    label = p.rng.choice(("Patient :", "L'enfant :", "Nom du patient :", "Mme/M. :", "Malade :"))
    name = f.patient if p.rng.random() < 0.5 else f.patient.title()
    if p.rng.random() < 0.5:
        name = name.upper()
    return label, name


def _letterhead(p: _Page, f: _Facts, who: str, role: str) -> None:
    align = p.rng.choice(("left", "center"))
    p.text(who, bold=True, size=1.15, align=align)
    p.text(role, align=align)
    p.text(f.address, size=0.85, align=align)
    p.text(f"Tél : {f.phone}", size=0.85, align=align)
    p.gap(0.6)


def _city_date(p: _Page, f: _Facts, d: dt.date) -> None:
    r = p.rng.random()
    if r < 0.4:
        p.text(f"{f.city}, le {fmt_date(d, p.rng)}", align="right")
    elif r < 0.7:
        p.kv("Date :", fmt_date(d, p.rng))
    else:
        p.text(f"Fait à {f.city} le {fmt_date(d, p.rng)}", align="right")


# --------------------------------------------------------------------------- documents


def _feuille(p: _Page, f: _Facts, *, scrawled_date: bool = False) -> Truth:
    rng = p.rng
    if rng.random() < 0.2 and not scrawled_date:
        return _feuille_back(p, f)
    p.arabic(rng.choice(("التعاضدية", "ورقة العلاج", "التصريح بالمرض")), align="center")
    p.text("MUPRAS", bold=True, size=1.3, align="center")
    p.title(rng.choice(("Déclaration de Maladie", "Feuille de soins", "Déclaration de Maladie")))
    p.text(f"N° M{rng.randint(20, 25)}- {rng.randint(1000000, 9999999)}", align="center")
    b = p.box
    kind = rng.randrange(4)
    p.text(
        f"{b(kind == 0)} Maladie   {b(kind == 1)} Dentaire   {b(kind == 2)} Optique   "
        f"{b(kind == 3)} Autres"
    )
    p.gap(0.4)
    top = p.y
    p.text(rng.choice(("Cadre réservé à l'adhérent (e)", "Cadre réservé à l'adhérent")), bold=True)
    p.kv("Matricule :", str(rng.randint(10000, 99999)))
    p.kv("Nom & Prénom :", f.adherent)
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(12000))
    p.kv("Date de naissance :", fmt_date(birth))
    p.kv("Adresse :", f.address)
    total = Decimal(rng.randint(2, 60) * 50)
    total_s = rng.choice((f"{int(total)} Dhs", f"{int(total)},00 DH", f"{int(total)} DH"))
    p.kv("Total des frais engagés :", total_s)
    p.frame(top)
    top = p.y
    p.text("Cadre réservé au Médecin", bold=True)
    p.text("Cachet du médecin :", size=0.9)
    blank = rng.random() < 0.35
    consult = f.date - dt.timedelta(days=rng.randint(0, 20))
    if scrawled_date:
        blank = False
        p.scrawl("Date de consultation :")
    elif blank:
        p.text(rng.choice(("Date de consultation :   /   /", "Date de consultation : / /")))
    else:
        p.kv("Date de consultation :", fmt_date(consult, rng))
    p.kv("Nom et prénom du malade :", f.patient.title() if rng.random() < 0.5 else f.patient)
    p.text(f"Lien de parenté : {b(False)} Lui-même {b(False)} Conjoint {b(True)} Enfant", size=0.9)
    p.kv("Nature de la maladie :", rng.choice(("Angine", "Retard de langage", "Lombalgie")))
    p.text("En cas d'accident préciser les causes et circonstances :", size=0.85)
    p.frame(top)
    p.text(
        "J'atteste sur l'honneur l'exactitude des renseignements portés sur la présente", size=0.8
    )
    p.text("déclaration.", size=0.8)
    signed = f.date
    end = p.kv("Fait à :", f.city, advance=False)
    p.kv("Le :", fmt_date(signed), x=end + 60)
    p.text("Signature de l'adhérent(e) :", size=0.9)
    if rng.random() < 0.5:
        p.text("Réclamation : contact@mupras.com   Prise en charge : pec@mupras.com", size=0.75)
    return Truth(
        "feuille_de_soins",
        patient_name=f.patient,
        document_date=signed,
        consultation_date=None if blank or scrawled_date else consult,
        doctor_part_blank=blank,
        total_declared=total,
    )


def _feuille_back(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    p.title("Relevé des frais et honoraires", size=1.3)
    p.table(
        ["Dates des Actes", "Natures des Actes", "Coefficient", "Montant"],
        [[fmt_date(f.date), "Consultation", "C", ""], ["", "", "", ""]],
        {0, 1, 2},
    )
    p.text("EXECUTION DES ORDONNANCES", bold=True)
    p.table(["Cachet du Pharmacien", "Date", "Montant de la Facture"], [["", "", ""]], set())
    p.text("ANALYSES - RADIOGRAPHIES", bold=True)
    p.table(
        ["Cachet du Laboratoire", "Date", "Désignation des Coefficients"], [["", "", ""]], set()
    )
    p.text("AUXILIAIRES MEDICAUX", bold=True)
    p.table(
        ["Cachet et signature du Praticien", "Date des Soins", "Nombre"], [["", "", ""]], set()
    )
    p.arabic("وصف العمليات المجراة")
    p.arabic("عمليات المساعدين الطبيين")
    if rng.random() < 0.6:
        p.text("SOINS DENTAIRES  Dents Traitées  Nature des Soins  Coefficient", size=0.8)
        p.text("DATE DU DEVIS      VISA ET CACHET DU PRATICIEN ATTESTANT LE DEVIS", size=0.7)
        p.text("Veuillez joindre les radiographies en cas de prothèses", size=0.7)
    return Truth("feuille_de_soins")


def _ordonnance(p: _Page, f: _Facts, *, with_vignettes: bool = False) -> Truth:
    rng = p.rng
    _letterhead(
        p,
        f,
        f"Dr {f.doctor}",
        rng.choice(
            ("Médecin généraliste", "Pédiatre", "Médecin spécialiste", "Pneumo-phtisiologue")
        ),
    )
    if rng.random() < 0.5:
        p.arabic(rng.choice(("الدكتور", "طبيب عام", "وصفة طبية")), align="right")
    _city_date(p, f, f.date)
    p.gap(0.5)
    p.title(rng.choice(("Ordonnance", "ORDONNANCE", "Ordonnance médicale")))
    label, name = _patient_line(p, f)
    p.kv(label, name)
    p.gap(0.5)
    truth_period = None
    sessions = None
    if rng.random() < 0.3 and not with_vignettes:
        therapy = f.therapy[0]
        start = f.date.replace(day=1)
        end = add_months(start, 1) - dt.timedelta(days=1)
        sessions = rng.choice((4, 8, 10, 12))
        p.kv("Diagnostic :", rng.choice(("Retard de langage", "Trouble psychomoteur")))
        p.text(therapy.upper(), bold=True)
        p.kv("Durée :", f"{sessions:02d} séances / mois")
        p.kv("Période du", f"{fmt_date(start)} au {fmt_date(end)}")
        truth_period = (start, end)
    else:
        for i, (med, dose, poso) in enumerate(rng.sample(MEDICINES, rng.randint(2, 4)), 1):
            prefix = rng.choice((f"{i}) ", f"{i}- ", "- ", ""))
            p.text(f"{prefix}{med} {dose}", hand=True)
            p.text(f"    {poso}", hand=True, size=0.9)
            if rng.random() < 0.4:
                p.text(
                    f"    QSP {rng.choice(('1 mois', '8 jours', '3 mois'))}", hand=True, size=0.9
                )
    p.gap(0.5)
    p.text(
        rng.choice(("Signé :", "Signature et cachet", "Cachet et signature du médecin")),
        align="right",
    )
    if with_vignettes:
        p.gap(0.3)
        _draw_vignettes(p, rng.randint(2, 3))
        return Truth("vignettes", extra_types=("ordonnance",), document_date=f.date)
    return Truth(
        "ordonnance",
        patient_name=f.patient,
        document_date=f.date,
        period=truth_period,
        session_count=sessions,
    )


def _draw_vignettes(p: _Page, count: int) -> None:
    rng = p.rng
    w = min(380, (p.right - p.left) // min(count, 3) - 20)
    h = int(p.style.body * 6.4)
    x0 = p.left
    y0 = p.y
    for i in range(count):
        x = x0 + (i % 3) * (w + 20) + rng.randint(-8, 8)
        y = y0 + (i // 3) * (h + 20) + rng.randint(-6, 6)
        p.draw.rectangle(
            (x, y, x + w, y + h),
            outline=(60, 60, 60),
            width=2,
            fill=rng.choice(((250, 250, 245), (235, 245, 250), (250, 240, 240))),
        )
        med, dose, _ = rng.choice(MEDICINES)
        ppv = Decimal(rng.randint(1500, 30000)) / 100
        lines = [
            (f"{med.upper()}", 0.8, True),
            (f"{dose}  B/{rng.choice((10, 20, 30))}", 0.7, False),
            (f"PPV : {fmt_amount(ppv, rng)} DH", 0.8, True),
            (
                f"Lot : {rng.randint(10, 99)}{rng.choice('ABCK')}{rng.randint(100, 999)}",
                0.65,
                False,
            ),
            (f"EXP : {rng.randint(1, 12):02d}/{rng.randint(2025, 2029)}", 0.65, False),
        ]
        yy = y + 8
        for s, size, bold in lines:
            px = int(p.style.body * size)
            p.draw.text(
                (x + 10, yy),
                s,
                font=p.font(p.style.bold if bold else p.style.regular, px),
                fill=(20, 20, 20),
            )
            yy += int(px * 1.3)
        bx = x + 10
        while bx < x + w - 12 and yy + 10 < y + h:
            bw = rng.choice((2, 2, 3, 4))
            p.draw.rectangle((bx, yy, bx + bw - 1, y + h - 8), fill=(10, 10, 10))
            bx += bw + rng.choice((2, 3, 4))
    rows = (count + 2) // 3
    p.y = y0 + rows * (h + 20) + 10


def _vignettes(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    if rng.random() < 0.4:
        return _ordonnance(p, f, with_vignettes=True)
    if rng.random() < 0.6:
        p.text(
            rng.choice(("Vignettes des médicaments", "Vignettes", "Pharmacie - vignettes")),
            bold=True,
            size=1.2,
        )
        p.gap(0.5)
    _draw_vignettes(p, rng.randint(3, 6))
    return Truth("vignettes")


def _facture(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    kind = rng.randrange(4)
    if kind == 0:
        who, role = (
            f"Pharmacie {rng.choice(('Al Amal', 'Nour', 'Ibn Sina', 'du Centre'))}",
            f"Dr {f.provider}, pharmacien",
        )
        items = [
            (m[0] + " " + m[1], 1, Decimal(rng.randint(2000, 25000)) / 100)
            for m in rng.sample(MEDICINES, rng.randint(2, 4))
        ]
    elif kind == 1:
        who, role = f"Optique {rng.choice(('Vision', 'Lumière', 'Atlas'))}", "Opticien lunetier"
        items = [
            ("Monture", 1, Decimal(rng.randint(4, 15) * 100)),
            ("Verres correcteurs", 2, Decimal(rng.randint(3, 9) * 100)),
        ]
    elif kind == 2:
        who, role = (
            f"Laboratoire {rng.choice(('Al Andalous', 'Pasteur', 'Atlas'))}",
            "Analyses médicales",
        )
        items = [
            (a, 1, Decimal(rng.randint(8, 40) * 10))
            for a in rng.sample(("NFS", "Glycémie", "Cholestérol total", "TSH", "CRP"), 3)
        ]
    else:
        therapy, role = f.therapy
        who = f"{rng.choice(('Mlle', 'Mme', 'M.'))} {f.provider}"
        n = rng.choice((4, 8))
        items = [(f"{therapy} {n:02d} Séances", n, Decimal(rng.choice((100, 125, 150, 200))))]
    _letterhead(p, f, who, role)
    if rng.random() < 0.4:
        p.arabic("فاتورة", align="right")
    _city_date(p, f, f.date)
    prefix = rng.choice(("VFA", "FA", "F", "FAC"))
    number = f"{prefix}{rng.randint(2200, 2599)}{rng.randint(10, 999):03d}"
    p.gap(0.3)
    title = rng.choice(("Facture", "FACTURE", "Facture N°"))
    p.kv(f"{title} :", number) if rng.random() < 0.6 else p.title(f"Facture N° {number}")
    label, name = _patient_line(p, f)
    p.kv(label, name)
    period = None
    if kind == 3 or rng.random() < 0.3:
        start = f.date.replace(day=1)
        end = add_months(start, 1) - dt.timedelta(days=1)
        period = (start, end)
        p.text(
            f"La présente facture couvre la période du {fmt_date(start)} au {fmt_date(end)}.",
            size=0.9,
        )
    p.gap(0.3)
    total = Decimal(0)
    rows = []
    for name_, qty, pu in items:
        amount = pu * qty
        total += amount
        rows.append([name_, str(qty), fmt_amount(pu, rng), fmt_amount(amount, rng)])
    p.table(["Désignation", "Qté", "P.U.", "Montant"], rows, set())
    label = rng.choice(("Total TTC :", "Total :", "Montant total :", "Net à payer :"))
    p.text(
        f"{label} {fmt_amount(total, rng)} {rng.choice(('DH', 'Dhs', 'MAD', ''))}".strip(),
        bold=True,
        align="right",
    )
    if rng.random() < 0.6:
        p.text(f"Arrêtée la présente facture à la somme de : {int(total)} dirhams", size=0.85)
    p.text(
        f"ICE : {rng.randint(10**14, 10**15 - 1)}   IF : {rng.randint(10**6, 10**7)}", size=0.75
    )
    return Truth(
        "facture",
        patient_name=f.patient,
        document_date=f.date,
        amount_total=total,
        invoice_number=number,
        period=period,
        session_count=items[0][1] if kind == 3 else None,
    )


def _resultats(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    if rng.random() < 0.5:
        _letterhead(
            p,
            f,
            f"Laboratoire {rng.choice(('Al Andalous', 'Pasteur', 'Ennakhil'))}",
            "Analyses de biologie médicale",
        )
        _city_date(p, f, f.date)
        p.title(
            rng.choice(
                ("Résultats d'analyses", "Compte rendu d'analyses", "Résultats biologiques")
            )
        )
        label, name = _patient_line(p, f)
        p.kv(label, name)
        p.kv("Prescripteur :", f"Dr {f.doctor}")
        p.table(
            ["Examen", "Résultat", "Unité", "Valeurs de référence"],
            [
                ["Hémoglobine", f"{rng.uniform(10, 16):.1f}", "g/dl", "12,0 - 16,0"],
                ["Glycémie à jeun", f"{rng.uniform(0.7, 1.4):.2f}", "g/l", "0,70 - 1,10"],
                ["Créatinine", f"{rng.uniform(6, 13):.1f}", "mg/l", "6 - 13"],
                ["Cholestérol total", f"{rng.uniform(1.4, 2.6):.2f}", "g/l", "< 2,00"],
            ],
            {1},
        )
        p.text("Le biologiste", align="right")
        if rng.random() < 0.5:
            p.arabic("نتائج التحاليل الطبية")
    else:
        _letterhead(p, f, f"Dr {f.doctor}", rng.choice(("Radiologue", "Médecin radiologue")))
        _city_date(p, f, f.date)
        exam = rng.choice(
            (
                "Échographie abdominale",
                "Radiographie du thorax",
                "IRM du genou droit",
                "Scanner cérébral",
                "Échographie thyroïdienne",
            )
        )
        p.title(rng.choice(("Compte rendu", "Compte rendu radiologique", "Compte-rendu")))
        p.text(exam, bold=True, align="center")
        label, name = _patient_line(p, f)
        p.kv(label, name)
        p.kv("Indication :", rng.choice(("douleurs", "bilan", "contrôle")))
        p.text("Technique : examen réalisé selon le protocole standard.", size=0.9)
        p.text("Résultat :", bold=True)
        p.text("Absence d'anomalie focale décelable. Structures d'aspect normal.", hand=True)
        p.text("Conclusion :", bold=True)
        p.text("Examen sans particularité.", hand=True)
    return Truth("resultats", patient_name=f.patient, document_date=f.date)


def _calendrier(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    therapy, role = f.therapy
    if rng.random() < 0.5:
        _letterhead(p, f, f"{rng.choice(('Mlle', 'Mme', 'M.'))} {f.provider}", role)
    name = f.patient if rng.random() < 0.5 else f.patient.upper()
    p.text(name, bold=True)
    number = None
    if rng.random() < 0.5:
        number = f"VFA{rng.randint(2200, 2599)}{rng.randint(10, 999):03d}"
        p.kv("Facture:", number)
    start = f.date.replace(day=rng.randint(1, 6))
    n = rng.choice((4, 6, 8, 10))
    step = max(1, 24 // n)
    dates = [start + dt.timedelta(days=i * step) for i in range(n)]
    end = dates[-1]
    p.title(
        rng.choice(
            (
                f"Planning des séances {therapy.lower()}",
                f"Calendrier des séances de {therapy.lower()}",
                "Fiche de présence des séances",
                f"Calendrier des séances - {therapy}",
            )
        ),
        size=1.3,
    )
    p.text(f"{n} Séances / Mois du {fmt_date(start)} au {fmt_date(end)}", align="center")
    rows = [
        [therapy if i == 0 else "", f"{n:02d}" if i == 0 else "", fmt_date(d)]
        for i, d in enumerate(dates)
    ]
    p.table(["Désignation", "Nombre de séances", "Date des séances"], rows, {2})
    if rng.random() < 0.5:
        p.text("Signature du patient / du parent", size=0.85)
    return Truth(
        "calendrier_seances",
        patient_name=f.patient,
        period=(start, end),
        session_count=n,
        invoice_number=number,
    )


def _entente(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    start = f.date.replace(day=1)
    end = add_months(start, rng.choice((3, 6, 10, 12))) - dt.timedelta(days=1)
    if rng.random() < 0.5:
        p.text("CNOPS", bold=True, size=1.4)
        p.text("Caisse Nationale des Organismes", size=0.9)
        p.text("de Prévoyance Sociale", size=0.9)
        p.text("BP 209 - 10000 RABAT", size=0.85)
        p.text(f"RABAT, le {fmt_date(f.date - dt.timedelta(days=10))}", align="right")
        p.gap(0.4)
        p.kv("Objet:", rng.choice(("Prise en Charge IMP", "Prise en charge", "Accord préalable")))
        p.kv("Ref: Dossier n°:", f"{rng.randint(10**7, 10**8)}")
        p.kv("L'assuré:", f.adherent)
        p.kv("Bénéficiaire:", f"{f.patient.upper()} ({rng.randint(1, 40)})")
        p.text("Madame, Monsieur,")
        p.text(
            "En réponse à la demande citée en référence, nous avons l'honneur de vous", size=0.9
        )
        p.text("faire part de notre accord de prise en charge.", size=0.9)
        p.text(f"- N° de l'accord: {rng.randint(10**7, 10**8)}")
        p.text(f"- Validité de l'accord du {fmt_date(start)} au {fmt_date(end)}")
        p.text("Tarif mensuel", bold=True)
        p.text(
            f"Part CNOPS : {rng.randint(3, 9) * 100} DH   "
            f"Part Assuré : {rng.randint(1, 3) * 50} DH"
        )
        p.text(
            "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
            size=0.8,
        )
    else:
        p.text("MUPRAS", bold=True, size=1.3, align="center")
        p.title(
            rng.choice(
                ("Demande d'entente préalable", "Entente préalable", "Demande d'accord préalable")
            ),
            size=1.4,
        )
        p.arabic(rng.choice(("طلب الموافقة المسبقة", "الموافقة المسبقة")), align="center")
        p.kv("Nom et prénom de l'adhérent :", f.adherent)
        p.kv("Nom du bénéficiaire :", f.patient)
        p.kv("Acte(s) envisagé(s) :", f.therapy[0])
        p.kv("Nombre de séances :", str(rng.choice((10, 12, 15, 20))))
        p.kv("Coefficient :", f"AMM {rng.randint(5, 20)}")
        p.kv("Date prévue du début des soins :", fmt_date(start))
        p.text("À remplir par le prescripteur avant le début des soins.", size=0.85)
        p.text("Avis du médecin conseil :  Accord   Refus", size=0.9)
        p.text("Cachet et signature du médecin traitant", align="right", size=0.9)
    return Truth("entente_prealable", patient_name=f.patient)


def _certificat(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    _letterhead(p, f, f"Dr {f.doctor}", rng.choice(("Médecin", "Médecin généraliste", "Pédiatre")))
    if rng.random() < 0.4:
        p.arabic("شهادة طبية", align="center")
    p.title(
        rng.choice(("Certificat médical", "CERTIFICAT MEDICAL", "Certificat Médical")), size=1.5
    )
    p.gap(0.3)
    p.text(f"Je soussigné(e), Docteur {f.doctor}, certifie avoir examiné ce jour", size=0.95)
    p.kv(rng.choice(("M./Mme", "l'enfant", "le (la) nommé(e)")), f.patient)
    variant = rng.randrange(3)
    if variant == 0:
        p.text(
            f"et que son état de santé nécessite un repos de {rng.randint(2, 21)} jours", size=0.95
        )
        p.text("sauf complications.", size=0.95)
    elif variant == 1:
        p.text(
            "est porteur d'une affection qui nécessite une prise en charge spécialisée.", size=0.95
        )
    else:
        p.text("et atteste que son état nécessite des séances de rééducation.", size=0.95)
    p.text("Certificat fait ce jour pour servir et valoir ce que de droit.", size=0.95)
    _city_date(p, f, f.date)
    p.text("Signature et cachet", align="right")
    return Truth("certificat_medical", patient_name=f.patient, document_date=f.date)


def _accident(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    p.text("MUPRAS", bold=True, size=1.2)
    p.title(
        rng.choice(
            (
                "Déclaration d'accident",
                "Déclaration d'Accident",
                "Déclaration des circonstances de l'accident",
            )
        ),
        size=1.4,
    )
    if rng.random() < 0.5:
        p.arabic("التصريح بالحادثة", align="center")
    p.kv("Nom et prénom de la victime :", f.patient)
    p.kv("Nom de l'adhérent :", f.adherent)
    acc = f.date - dt.timedelta(days=rng.randint(1, 30))
    p.kv("Date de l'accident :", fmt_date(acc, rng))
    p.kv("Heure :", f"{rng.randint(7, 21)}h{rng.randint(0, 59):02d}")
    p.kv("Lieu de l'accident :", f.city)
    p.text(
        "Nature de l'accident :  "
        + "   ".join(
            f"{p.box(i == 0)} {k}"
            for i, k in enumerate(rng.sample(("Circulation", "Domestique", "Sport", "Travail"), 4))
        ),
        size=0.9,
    )
    p.text("Causes et circonstances de l'accident :", bold=True)
    p.text(
        rng.choice(
            (
                "Chute dans les escaliers du domicile.",
                "Collision entre deux véhicules au carrefour.",
                "Glissade sur un sol mouillé au travail.",
            )
        ),
        hand=True,
    )
    p.kv("Tiers responsable :", rng.choice(("Oui", "Non")))
    p.kv("Témoins :", rng.choice(("néant", f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")))
    p.text("Je certifie sur l'honneur l'exactitude de la présente déclaration.", size=0.85)
    _city_date(p, f, f.date)
    return Truth("declaration_accident", patient_name=f.patient, document_date=f.date)


def _chronique(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    p.text("MUPRAS", bold=True, size=1.2, align="center")
    p.title(
        rng.choice(
            (
                "Déclaration de maladie chronique",
                "Déclaration de Maladie Chronique",
                "Déclaration d'affection de longue durée (ALD)",
            )
        ),
        size=1.3,
    )
    if rng.random() < 0.5:
        p.arabic("التصريح بالمرض المزمن", align="center")
    p.kv("Nom et prénom du malade :", f.patient)
    p.kv(
        "Affection :",
        rng.choice(
            (
                "Diabète de type 2",
                "Hypertension artérielle sévère",
                "Insuffisance rénale chronique",
                "Asthme sévère",
            )
        ),
    )
    p.kv("Code ALD / ALC :", str(rng.randint(1, 41)))
    p.kv("Date de début de la maladie :", fmt_date(f.date - dt.timedelta(days=900)))
    p.text("Protocole thérapeutique (traitement au long cours) :", bold=True)
    for med, dose, _ in rng.sample(MEDICINES, 2):
        p.text(f"- {med} {dose}", hand=True)
    p.text("Déclaration à renouveler tous les 6 mois par le médecin traitant.", size=0.85)
    _city_date(p, f, f.date)
    p.text("Cachet et signature du médecin traitant", align="right", size=0.9)
    return Truth("declaration_maladie_chronique", patient_name=f.patient, document_date=f.date)


def _devis(p: _Page, f: _Facts) -> Truth:
    rng = p.rng
    dental = rng.random() < 0.7
    if dental:
        _letterhead(p, f, f"Dr {f.doctor}", "Chirurgien-dentiste")
    else:
        _letterhead(p, f, f"Audition {rng.choice(('Plus', 'Atlas'))}", "Audioprothésiste")
    _city_date(p, f, f.date)
    p.title(
        rng.choice(("Devis", "Devis dentaire", "Devis estimatif", "DEVIS DE PROTHESE"))
        if dental
        else "Devis - prothèse auditive",
        size=1.4,
    )
    label, name = _patient_line(p, f)
    p.kv(label, name)
    total = Decimal(0)
    rows = []
    acts = (
        (
            ("Couronne céramo-métallique", 2500),
            ("Traitement canalaire", 800),
            ("Bridge 3 éléments", 6000),
            ("Détartrage", 300),
            ("Prothèse amovible", 3500),
        )
        if dental
        else (("Appareil auditif contour", 9000), ("Embout sur mesure", 400))
    )
    for act, price in rng.sample(acts, min(len(acts), rng.randint(2, 3))):
        amount = Decimal(price + rng.randint(0, 9) * 50)
        total += amount
        tooth = str(rng.choice((11, 14, 16, 21, 26, 36, 46, 47))) if dental else "-"
        rows.append([tooth, act, fmt_amount(amount, rng)])
    p.table(["Dent" if dental else "Réf.", "Acte / Nature des soins", "Montant"], rows, {0})
    p.text(f"Total du devis : {fmt_amount(total, rng)} DH", bold=True, align="right")
    p.text(
        f"Devis valable {rng.choice((1, 3, 6))} mois. Date du devis : {fmt_date(f.date)}",
        size=0.85,
    )
    p.text("Signature et cachet du praticien", align="right", size=0.9)
    return Truth("devis", patient_name=f.patient, document_date=f.date, amount_total=total)


_RENDERERS = {
    "feuille_de_soins": _feuille,
    "ordonnance": _ordonnance,
    "facture": _facture,
    "vignettes": _vignettes,
    "resultats": _resultats,
    "calendrier_seances": _calendrier,
    "entente_prealable": _entente,
    "certificat_medical": _certificat,
    "declaration_accident": _accident,
    "declaration_maladie_chronique": _chronique,
    "devis": _devis,
}


def _radiograph(rng: random.Random) -> tuple[Image.Image, Truth]:
    """A dark X-ray film with bright bone-like shapes and a few letters."""
    w, h = (1400, 1000) if rng.random() < 0.5 else (1000, 1300)
    arr = np.full((h, w), rng.randint(10, 35), np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    for _ in range(rng.randint(3, 7)):
        cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        ax, ay = rng.uniform(0.05, 0.25) * w, rng.uniform(0.05, 0.3) * h
        blob = np.exp(-(((xx - cx) / ax) ** 2 + ((yy - cy) / ay) ** 2))
        arr += blob * rng.uniform(80, 180)
    arr = np.asarray(cv2.GaussianBlur(arr, (0, 0), 6), dtype=np.float32)
    arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 6, arr.shape)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).convert("RGB")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(_DEJAVU + "DejaVuSans-Bold.ttf", rng.randint(28, 44))
    draw.text((40, 40), rng.choice(("R", "L", "D", "G")), font=font, fill=(230, 230, 230))
    if rng.random() < 0.6:
        small = ImageFont.truetype(_DEJAVU + "DejaVuSans.ttf", rng.randint(18, 26))
        draw.text(
            (w - 360, h - 60),
            f"{rng.choice(LAST_NAMES)} {rng.randint(10, 99)}/{rng.randint(10, 12)}/23",
            font=small,
            fill=(200, 200, 200),
        )
    return img, Truth("radiographie")


def render_document(doc_type: str, seed: int) -> tuple[Image.Image, Truth]:
    """Draw a clean page of the given type; the seed picks wording, layout and values."""
    rng = random.Random(f"{doc_type}:{seed}")
    if doc_type == "radiographie":
        return _radiograph(rng)
    page = _Page(rng, width=rng.choice((1240, 1240, 1100)))
    truth = _RENDERERS[doc_type](page, _facts(rng))
    return page.finish(), truth


def degrade(
    page: Image.Image,
    seed: int,
    *,
    strength: float = 1.0,
    long_side: int = 1280,
    quality: int = 50,
) -> bytes:
    """Photograph the page: background, perspective, rotation, light, blur, noise, JPEG.

    The page is warped at its own size; the background and the light, smooth, are laid at the
    photo's size (the page's when the photo is larger), which keeps the making of a photo cheap."""
    rng = random.Random(f"degrade:{seed}")
    nrng = np.random.default_rng(seed)
    src = np.asarray(page.convert("RGB"), dtype=np.uint8)
    h, w = src.shape[:2]
    pad = int(max(w, h) * rng.uniform(0.06, 0.14))
    cw, ch = w + 2 * pad, h + 2 * pad
    scale = long_side / max(cw, ch)
    size = (round(cw * scale), round(ch * scale))
    work = (round(cw * min(scale, 1.0)), round(ch * min(scale, 1.0)))
    ww, wh = work
    bg_color = np.array(
        rng.choice(((120, 90, 60), (70, 70, 75), (160, 150, 140), (40, 60, 90), (180, 170, 120))),
        np.float32,
    )
    bg = np.ones((wh, ww, 3), np.float32) * bg_color
    bg += nrng.normal(0, 12, (wh, ww, 1)).astype(np.float32)
    bg = np.asarray(cv2.GaussianBlur(bg, (0, 0), 3 * ww / cw), dtype=np.float32)
    j = 0.06 * strength
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    angle = np.deg2rad(rng.uniform(-7, 7) * strength)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]], np.float32)
    centred = (corners - [w / 2, h / 2]) @ rot.T
    jitter = np.array(
        [[rng.uniform(-j, j) * w, rng.uniform(-j, j) * h] for _ in range(4)], dtype=np.float32
    )
    dst = (centred + jitter + [cw / 2, ch / 2]).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, dst)
    warped = cv2.warpPerspective(
        src,
        matrix,
        (cw, ch),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(0, 0, 0),
    )
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (cw, ch))
    if work != (cw, ch):
        warped = cv2.resize(warped, work, interpolation=cv2.INTER_AREA)
        mask = cv2.resize(mask, work, interpolation=cv2.INTER_AREA)
    mask = mask[..., None]
    out = warped.astype(np.float32) * mask + bg * (1 - mask)
    # Uneven light: a linear gradient, a soft vignette, sometimes a shadow band.
    yy, xx = np.mgrid[0:wh, 0:ww].astype(np.float32)
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    grad = 1 - 0.35 * strength * (0.5 + 0.5 * (gx * (xx / ww - 0.5) + gy * (yy / wh - 0.5)) * 2)
    r2 = ((xx / ww - 0.5) ** 2 + (yy / wh - 0.5) ** 2) * 2
    light = grad * (1 - 0.25 * strength * r2)
    if rng.random() < 0.35:
        x0 = rng.uniform(0.1, 0.8) * ww
        band = 1 - 0.3 * strength / (1 + np.exp(-(xx - x0) / (0.03 * ww)))
        light *= band
    tint = np.array(
        [rng.uniform(0.93, 1.0), rng.uniform(0.95, 1.0), rng.uniform(0.9, 1.0)], np.float32
    )
    out = out * light[..., None] * tint
    if size != work:
        out = cv2.resize(out, size, interpolation=cv2.INTER_AREA)
    sigma = rng.uniform(0.3, 1.0) * strength
    if sigma > 0.05:
        out = cv2.GaussianBlur(out, (0, 0), sigma)
    out += nrng.normal(0, 4 * strength, out.shape).astype(np.float32)
    img = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def make_photo(doc_type: str, seed: int, *, strength: float = 1.0) -> SyntheticPhoto:
    """A degraded photo of a synthetic document with its truth."""
    page, truth = render_document(doc_type, seed)
    jpeg = degrade(page, seed * 31 + DOC_TYPES.index(doc_type), strength=strength)
    with Image.open(io.BytesIO(jpeg)) as im:
        size = im.size
    return SyntheticPhoto(jpeg, truth, size)


def printed_film(seed: int) -> Image.Image:
    """A page that prints an X-ray's film (a radiologist's or dentist's paper print): a short
    caption, the dark film below it, the rest of the page white."""
    rng = random.Random(f"print:{seed}")
    film, _ = _radiograph(rng)
    page = Image.new("RGB", (1240, 1754), (250, 250, 248))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(_DEJAVU + "DejaVuSans-Bold.ttf", 34)
    draw.text((90, 80), f"Cabinet Dr {rng.choice(LAST_NAMES)}", font=font, fill=(20, 20, 20))
    film.thumbnail((1060, 760))
    page.paste(film, (90, 200))
    return page


def scrawled_date_feuille(seed: int) -> bytes:
    """A photo of a feuille de soins filled in by the doctor whose consultation date is an
    illegible scrawl (the signing date below it is readable)."""
    rng = random.Random(f"scrawl:{seed}")
    page = _Page(rng)
    facts = _facts(rng)
    facts.date = dt.date.today() - dt.timedelta(days=rng.randint(0, 3))  # signed this week
    _feuille(page, facts, scrawled_date=True)
    return degrade(page.finish(), seed, strength=0.3)


def blurred_photo(seed: int) -> bytes:
    """A photo too blurry to read (motion-blurred, out of focus)."""
    page, _ = render_document("facture", seed)
    page = page.filter(ImageFilter.GaussianBlur(9))
    return degrade(page, seed, strength=0.5)


def write_photos(directory: Path, per_type: int, *, seed0: int = 0) -> list[tuple[Path, Truth]]:
    """Write per_type photos of every type to directory; return (path, truth) pairs."""
    directory.mkdir(parents=True, exist_ok=True)
    out: list[tuple[Path, Truth]] = []
    for doc_type in DOC_TYPES:
        for i in range(per_type):
            photo = make_photo(doc_type, seed0 + i)
            path = directory / f"{doc_type}-{seed0 + i:04d}.jpg"
            path.write_bytes(photo.jpeg)
            out.append((path, photo.truth))
    return out


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/synthetic-docs")
    for p_, t_ in write_photos(target, int(sys.argv[2]) if len(sys.argv) > 2 else 2):
        print(p_, t_.doc_type)

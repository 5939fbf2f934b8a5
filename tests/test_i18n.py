"""The catalogs: complete in Arabic, in step with the code, right-to-left safe."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import FSI, LOCALES_DIR, PDI, Safe, Translator, compile_catalogs, isolate_latin

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_every_message_is_translated_into_arabic() -> None:
    arabic = catalog("ar")
    untranslated = []
    for message in arabic:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags or not all(s and s.strip() for s in strings):
            untranslated.append(message.id)
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = {p for i in ids for p in PLACEHOLDER.findall(i)} - {"n"}
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) - {"n"} <= expected | {"n"}, message.id
            assert expected <= set(PLACEHOLDER.findall(string)) or isinstance(message.id, tuple)
    assert not untranslated, f"untranslated: {untranslated}"
    assert len(arabic.plural_forms) and arabic.num_plurals == 6


def test_catalogs_are_in_step_with_the_code(tmp_path: Path) -> None:
    """Every message the code uses is in the template and in both catalogs."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(pot),
            "bot",
            "dialogs",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for lang in ("fr", "ar"):
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}
        assert wanted <= have, f"{lang} lacks {sorted(wanted - have)}"


def test_compiled_catalogs_translate() -> None:
    compile_catalogs()
    assert (LOCALES_DIR / "ar" / "LC_MESSAGES" / "messages.mo").exists()
    tr = Translator("ar")
    assert tr.gettext("Annuler") == "إلغاء"
    assert tr.ngettext("{n} dossier", "{n} dossiers", 2) == "ملفان"
    assert tr.ngettext("{n} dossier", "{n} dossiers", 5) == f"{FSI}5{PDI} ملفات"
    # 11 to 99 take the accusative singular (١٢ ملفا), 100 to 102 the genitive (١٠٠ ملف).
    assert tr.ngettext("{n} dossier", "{n} dossiers", 12) == f"{FSI}12{PDI} ملفا"
    assert tr.ngettext("{n} dossier", "{n} dossiers", 100) == f"{FSI}100{PDI} ملف"
    assert Translator("fr").ngettext("{n} dossier", "{n} dossiers", 5) == "5 dossiers"
    assert Translator("xx").lang == "fr"


def test_values_are_escaped_once_and_isolated_in_arabic() -> None:
    tr = Translator("ar")
    text = tr.gettext("pour {name} ({who})", name="<b>Sara</b>", who=Safe("<i>x</i>"))
    assert f"{FSI}&lt;b&gt;Sara&lt;/b&gt;{PDI}" in text
    assert f"{FSI}<i>x</i>{PDI}" in text
    assert (
        Translator("fr").gettext("pour {name} ({who})", name="a&b", who="c") == "pour a&amp;b (c)"
    )


@pytest.mark.parametrize(
    ("text", "isolated"),
    [
        ("اكتب إلى pec@mupras.com الآن", f"اكتب إلى {FSI}pec@mupras.com{PDI} الآن"),
        ("<b>مرحبا</b> {name}", "<b>مرحبا</b> {name}"),
        ("رسوم &amp; 3 أشهر", f"رسوم &amp; {FSI}3{PDI} أشهر"),
        ("أرسل /start ثم", f"أرسل {FSI}/start{PDI} ثم"),
    ],
)
def test_latin_runs_are_isolated(text: str, isolated: str) -> None:
    assert isolate_latin(text) == isolated

"""What a careful auditor finds on disk about a person: every file under the data folder read as
bytes (the database, its WAL and shared memory, images), and every table of the database read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path


def traces(data_dir: Path, needles: Iterable[str], user_id: int | None = None) -> list[str]:
    """Where any of the texts (or, in the database, the Telegram id) can still be read."""
    found = []
    needles = [n for n in needles if n]
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for needle in needles:
            for encoded in {needle.encode(), needle.encode("utf-16-le")}:
                if encoded in data:
                    found.append(f"{path.name}: {needle!r}")
        if user_id is not None and path.parts[-2:-1] == (str(user_id),):
            found.append(f"{path}: a file in the person's own folder")
    if user_id is not None:
        for folder in (p for p in data_dir.rglob("*") if p.is_dir()):
            if folder.name == str(user_id):
                found.append(f"{folder}: the person's folder")
    database = data_dir / "mupras.sqlite3"
    if database.exists():
        found += _rows(database, needles, user_id)
    return found


def _rows(database: Path, needles: list[str], user_id: int | None) -> list[str]:
    found = []
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f"SELECT * FROM [{table}]"):
                for value in row:
                    if user_id is not None and value == user_id:
                        found.append(f"table {table}: the id {user_id}")
                    if isinstance(value, str) and (
                        any(n in value for n in needles)
                        or (user_id is not None and str(user_id) in value)
                    ):
                        found.append(f"table {table}: {value[:60]!r}")
    finally:
        conn.close()
    return found

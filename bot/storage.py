"""The one place the bot stores anything about a person: a SQLite file, through sqlite-utils."""

from __future__ import annotations

import enum
import json
import logging
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import NotFoundError, Table

logger = logging.getLogger(__name__)


MAX_CACHED_USERS = 50_000


class Beneficiary(enum.StrEnum):
    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"


class DossierStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


@dataclass(frozen=True)
class User:
    id: int
    language: str | None
    consent_at: str | None

    @property
    def consented(self) -> bool:
        return self.consent_at is not None


@dataclass(frozen=True)
class Dossier:
    id: int
    user_id: int
    beneficiary: Beneficiary
    beneficiary_name: str | None
    category: str
    answers: Mapping[str, str]
    have: frozenset[str]
    status: DossierStatus
    chat_id: int | None
    message_id: int | None
    created_at: str


@dataclass(frozen=True)
class Document:
    id: int
    dossier_id: int | None
    user_id: int
    file_id: str
    types: tuple[str, ...]
    fields: Mapping[str, Any] = field(default_factory=dict)
    confidence: float = 0.0
    confirmed: bool = False
    image_path: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Storage:
    """Users (language, consent), their dossiers, the state of each piece, their documents."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(path)
        # Every update asks for its user (language, consent): answered from memory once read.
        # One process owns the file, and every write below goes through this class.
        self._users: dict[int, User | None] = {}
        if str(path) != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        self._create()

    def _table(self, name: str) -> Table:
        return self.db.table(name)

    def _create(self) -> None:
        self._table("users").create(
            {"id": int, "language": str, "consent_at": str, "created_at": str},
            pk="id",
            if_not_exists=True,
        )
        self._table("dossiers").create(
            {
                "id": int,
                "user_id": int,
                "beneficiary": str,
                "beneficiary_name": str,
                "category": str,
                "answers": str,
                "have": str,
                "status": str,
                "chat_id": int,
                "message_id": int,
                "created_at": str,
                "updated_at": str,
            },
            pk="id",
            not_null={"user_id", "beneficiary", "category", "status"},
            foreign_keys=[("user_id", "users", "id")],
            if_not_exists=True,
        )
        self._table("documents").create(
            {
                "id": int,
                "dossier_id": int,
                "user_id": int,
                "file_id": str,
                "types": str,
                "fields": str,
                "confidence": float,
                "confirmed": int,
                "image_path": str,
                "created_at": str,
            },
            pk="id",
            not_null={"user_id", "file_id"},
            foreign_keys=[("user_id", "users", "id"), ("dossier_id", "dossiers", "id")],
            if_not_exists=True,
        )
        self._table("dossiers").create_index(["user_id", "status"], if_not_exists=True)
        self._table("documents").create_index(["dossier_id"], if_not_exists=True)

    def close(self) -> None:
        self.db.close()

    # -- users ------------------------------------------------------------------------------------

    def user(self, user_id: int) -> User | None:
        if user_id in self._users:
            return self._users[user_id]
        try:
            row = self._table("users").get(user_id)
        except NotFoundError:
            user = None
        else:
            user = User(row["id"], row["language"], row["consent_at"])
        if len(self._users) >= MAX_CACHED_USERS:
            self._users.clear()
        self._users[user_id] = user
        return user

    def set_language(self, user_id: int, language: str) -> None:
        """Remember the language of a person who consented."""
        self._table("users").upsert({"id": user_id, "language": language}, pk="id", alter=False)
        self._touch_created(user_id)

    def give_consent(self, user_id: int) -> None:
        self._table("users").upsert({"id": user_id, "consent_at": _now()}, pk="id")
        self._touch_created(user_id)

    def _touch_created(self, user_id: int) -> None:
        self._users.pop(user_id, None)
        self.db.execute(
            "UPDATE users SET created_at = ? WHERE id = ? AND created_at IS NULL",
            [_now(), user_id],
        )

    # -- dossiers ---------------------------------------------------------------------------------

    def create_dossier(
        self,
        user_id: int,
        category: str,
        *,
        beneficiary: Beneficiary = Beneficiary.SELF,
        beneficiary_name: str | None = None,
        answers: Mapping[str, str] | None = None,
    ) -> Dossier:
        user = self.user(user_id)
        if user is None or not user.consented:
            raise PermissionError("no dossier is stored before the person's consent")
        now = _now()
        table = self._table("dossiers")
        table.insert(
            {
                "user_id": user_id,
                "beneficiary": beneficiary.value,
                "beneficiary_name": beneficiary_name,
                "category": category,
                "answers": json.dumps(dict(answers or {})),
                "have": "[]",
                "status": DossierStatus.OPEN.value,
                "created_at": now,
                "updated_at": now,
            }
        )
        assert table.last_pk is not None
        dossier = self.dossier(int(table.last_pk), user_id)
        assert dossier is not None
        return dossier

    def dossier(self, dossier_id: int, user_id: int) -> Dossier | None:
        """A dossier, only if it belongs to this user."""
        rows = list(
            self._table("dossiers").rows_where(
                "id = ? AND user_id = ?", [dossier_id, user_id], limit=1
            )
        )
        return _dossier(rows[0]) if rows else None

    def dossiers(self, user_id: int, *, status: DossierStatus | None = None) -> list[Dossier]:
        where = "user_id = ?"
        args: list[object] = [user_id]
        if status is not None:
            where += " AND status = ?"
            args.append(status.value)
        rows = self._table("dossiers").rows_where(where, args, order_by="id")
        return [_dossier(row) for row in rows]

    def update_dossier(self, dossier: Dossier, **changes: Any) -> Dossier:
        """Change a dossier's answers, pieces, status or checklist message; returns it anew."""
        values: dict[str, Any] = {"updated_at": _now()}
        for key, value in changes.items():
            if key == "answers":
                values[key] = json.dumps(dict(value))
            elif key == "have":
                values[key] = json.dumps(sorted(value))
            elif key in ("status", "beneficiary"):
                values[key] = str(value)
            elif key in ("chat_id", "message_id", "category", "beneficiary_name"):
                values[key] = value
            else:
                raise KeyError(key)
        self._table("dossiers").update(dossier.id, values)
        updated = self.dossier(dossier.id, dossier.user_id)
        assert updated is not None
        return updated

    # -- documents --------------------------------------------------------------------------------

    def add_document(
        self,
        user_id: int,
        file_id: str,
        *,
        dossier_id: int | None,
        types: Iterable[str],
        fields: Mapping[str, Any] | None = None,
        confidence: float = 0.0,
        image_path: str | None = None,
    ) -> Document:
        table = self._table("documents")
        table.insert(
            {
                "dossier_id": dossier_id,
                "user_id": user_id,
                "file_id": file_id,
                "types": json.dumps(list(types)),
                "fields": json.dumps(dict(fields or {})),
                "confidence": confidence,
                "confirmed": 0,
                "image_path": image_path,
                "created_at": _now(),
            }
        )
        assert table.last_pk is not None
        document = self.document(int(table.last_pk), user_id)
        assert document is not None
        return document

    def document(self, document_id: int, user_id: int) -> Document | None:
        """A document, only if it belongs to this user."""
        rows = list(
            self._table("documents").rows_where(
                "id = ? AND user_id = ?", [document_id, user_id], limit=1
            )
        )
        return _document(rows[0]) if rows else None

    def documents(self, dossier_id: int) -> list[Document]:
        rows = self._table("documents").rows_where("dossier_id = ?", [dossier_id], order_by="id")
        return [_document(row) for row in rows]

    def correct_document(self, document: Document, types: Iterable[str]) -> Document:
        """The adherent said what this document is: remember it."""
        self._table("documents").update(
            document.id, {"types": json.dumps(list(types)), "confirmed": 1}
        )
        corrected = self.document(document.id, document.user_id)
        assert corrected is not None
        return corrected

    # -- erasure ----------------------------------------------------------------------------------

    def forget(self, user_id: int) -> dict[str, int]:
        """Erase everything stored about a person; returns what was erased, and the image files."""
        counts = {"documents": 0, "dossiers": 0, "images": 0}
        self._users.pop(user_id, None)
        with self.db.conn:
            for row in self._table("documents").rows_where("user_id = ?", [user_id]):
                path = row.get("image_path")
                if path and Path(path).exists():
                    Path(path).unlink()
                    counts["images"] += 1
            counts["documents"] = self._delete("documents", user_id)
            counts["dossiers"] = self._delete("dossiers", user_id)
            self.db.execute("DELETE FROM users WHERE id = ?", [user_id])
        return counts

    def _delete(self, table: str, user_id: int) -> int:
        cursor: sqlite3.Cursor = self.db.execute(
            f"DELETE FROM [{table}] WHERE user_id = ?",
            [user_id],
        )
        return cursor.rowcount


def _dossier(row: Mapping[str, Any]) -> Dossier:
    return Dossier(
        id=row["id"],
        user_id=row["user_id"],
        beneficiary=Beneficiary(row["beneficiary"]),
        beneficiary_name=row["beneficiary_name"],
        category=row["category"],
        answers=json.loads(row["answers"] or "{}"),
        have=frozenset(json.loads(row["have"] or "[]")),
        status=DossierStatus(row["status"]),
        chat_id=row["chat_id"],
        message_id=row["message_id"],
        created_at=row["created_at"],
    )


def _document(row: Mapping[str, Any]) -> Document:
    return Document(
        id=row["id"],
        dossier_id=row["dossier_id"],
        user_id=row["user_id"],
        file_id=row["file_id"],
        types=tuple(json.loads(row["types"] or "[]")),
        fields=json.loads(row["fields"] or "{}"),
        confidence=row["confidence"] or 0.0,
        confirmed=bool(row["confirmed"]),
        image_path=row["image_path"],
    )

"""The one place the bot stores anything about a person: a SQLite file, through sqlite-utils."""

from __future__ import annotations

import enum
import json
import logging
import secrets
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
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
    """Where a dossier is: gathered ("complet" is every piece ticked, not a state of its own),
    sent (with the date and how), then what MUPRAS decided, as the adherent tells it."""

    OPEN = "open"  # en préparation
    SENT = "sent"  # envoyé: sent_at, sent_how
    REIMBURSED = "reimbursed"  # remboursé
    REJECTED = "rejected"  # rejeté


class SendWay(enum.StrEnum):
    DEPOSIT = "deposit"  # déposé au bureau
    POST = "post"  # posté
    EMAIL = "email"  # envoyé par e-mail


@dataclass(frozen=True)
class User:
    id: int
    language: str | None
    consent_at: str | None
    reminders: bool = True  # /reminders turns them off (and on)

    @property
    def consented(self) -> bool:
        return self.consent_at is not None


@dataclass(frozen=True)
class Dossier:
    id: int
    token: str  # random, carried in its buttons with the id: a button acts on this dossier only
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
    updated_at: str
    sent_at: str | None = None  # the day it left (ISO date)
    sent_how: SendWay | None = None
    first_care: str | None = None  # the first consultation, as the adherent gave it (ISO date)
    reminded: frozenset[str] = frozenset()  # reminders already sent ("send-15"...)


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
    file_unique_id: str | None = None
    problem: str | None = None  # why the page could not be read (too small, too blurry...)


@dataclass(frozen=True)
class Pending:
    """A file received and not yet read: ids and state only, never the image."""

    id: int
    user_id: int
    chat_id: int
    batch: str  # one album, or one single file: answered together
    position: int
    file_id: str
    file_unique_id: str
    size: int | None
    extension: str
    status_message_id: int | None
    document_ids: tuple[int, ...] | None  # once read: the documents it gave (one per page)
    failure: str | None  # once read: why it could not be, if it could not
    created_at: str

    @property
    def read(self) -> bool:
        return self.document_ids is not None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


TOKEN_BYTES = 3  # six hex digits: guessing one, for a dossier id one also owns, is pointless

# AUTOINCREMENT: an id is never given twice, even after /forget erased the highest ones, so a
# button on an old message can never name a newer dossier or document.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, language TEXT, consent_at TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS dossiers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token TEXT NOT NULL DEFAULT '',
    user_id INTEGER NOT NULL REFERENCES users(id),
    beneficiary TEXT NOT NULL,
    beneficiary_name TEXT,
    category TEXT NOT NULL,
    answers TEXT,
    have TEXT,
    status TEXT NOT NULL,
    chat_id INTEGER,
    message_id INTEGER,
    created_at TEXT,
    updated_at TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER REFERENCES dossiers(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    file_id TEXT NOT NULL,
    file_unique_id TEXT,
    types TEXT,
    fields TEXT,
    confidence FLOAT,
    confirmed INTEGER,
    image_path TEXT,
    problem TEXT,
    reply_id INTEGER,
    created_at TEXT
);
CREATE TABLE IF NOT EXISTS pending (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    chat_id INTEGER NOT NULL,
    batch TEXT NOT NULL,
    position INTEGER NOT NULL,
    file_id TEXT NOT NULL,
    file_unique_id TEXT NOT NULL,
    size INTEGER,
    extension TEXT NOT NULL,
    status_message_id INTEGER,
    document_ids TEXT,
    failure TEXT,
    created_at TEXT
);
CREATE TABLE IF NOT EXISTS dialog_users (
    user_id INTEGER PRIMARY KEY REFERENCES users(id), data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dialog_conversations (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    state TEXT NOT NULL,
    PRIMARY KEY (name, key)
);
CREATE INDEX IF NOT EXISTS idx_dossiers_user_status ON dossiers (user_id, status);
CREATE INDEX IF NOT EXISTS idx_dossiers_message ON dossiers (chat_id, message_id);
CREATE INDEX IF NOT EXISTS idx_documents_dossier ON documents (dossier_id);
CREATE INDEX IF NOT EXISTS idx_pending_batch ON pending (batch);
"""

# Columns added since the first version, for a database made by it.
_ADDED_COLUMNS = {
    "dossiers": {
        "token": "TEXT NOT NULL DEFAULT ''",
        "sent_at": "TEXT",
        "sent_how": "TEXT",
        "first_care": "TEXT",
        "reminded": "TEXT",
    },
    "users": {"reminders": "INTEGER NOT NULL DEFAULT 1"},
    "documents": {"file_unique_id": "TEXT", "problem": "TEXT", "reply_id": "INTEGER"},
}

# Everything that names a person, in the order /forget and retention erase it.
_PERSON_TABLES = ("documents", "pending", "dialog_conversations", "dialog_users", "dossiers")


class Storage:
    """Users (language, consent), their dossiers, the state of each piece, their documents, the
    files waiting to be read, and the dialog state of those who consented."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(path)
        # Every update asks for its user (language, consent): answered from memory once read.
        # One process owns the file, and every write below goes through this class.
        self._users: dict[int, User | None] = {}
        if str(path) != ":memory:":
            self.db.enable_wal()
            # In WAL mode NORMAL loses nothing when the process is killed (kill -9, a crash):
            # only a power cut can lose the last commits. FULL's fsync per commit cost every
            # consent, tick and photo several milliseconds, and the webhook waits for them.
            self.db.execute("PRAGMA synchronous = NORMAL")
        # What is deleted is overwritten, not just unlinked from the b-tree: an erased name
        # cannot be read back from the file's free pages.
        self.db.execute("PRAGMA secure_delete = ON")
        self.db.execute("PRAGMA foreign_keys = ON")
        self._create()

    def _table(self, name: str) -> Table:
        return self.db.table(name)

    def _create(self) -> None:
        self._migrate_autoincrement()
        self.db.conn.executescript(_SCHEMA)
        for table, columns in _ADDED_COLUMNS.items():
            have = {column.name for column in self._table(table).columns}
            for name, definition in columns.items():
                if name not in have:
                    self.db.execute(f"ALTER TABLE [{table}] ADD COLUMN [{name}] {definition}")
        # The first version's "terminé" meant "ready to go": taken as sent, on its last change.
        self.db.execute(
            "UPDATE dossiers SET status = 'sent', sent_at = substr(updated_at, 1, 10) "
            "WHERE status = 'done'"
        )
        for row in self.db.execute("SELECT id FROM dossiers WHERE token = ''").fetchall():
            self.db.execute("UPDATE dossiers SET token = ? WHERE id = ?", [_token(), row[0]])
        self.db.conn.commit()

    def _migrate_autoincrement(self) -> None:
        """A database of the first version numbered rows without AUTOINCREMENT: rebuild those
        tables once, keeping their rows, so that no id is ever given twice from now on."""
        old = [
            name
            for name in ("dossiers", "documents")
            if self._table(name).exists()
            and "AUTOINCREMENT" not in (self._table(name).schema or "").upper()
        ]
        if not old:
            return
        logger.info("Numbering migrated: ids of %s are never reused from now on", old)
        conn = self.db.conn
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA legacy_alter_table = ON")  # references keep naming the new tables
        try:
            with conn:
                for name in old:
                    conn.execute(f"ALTER TABLE [{name}] RENAME TO [{name}_v1]")
            conn.executescript(_SCHEMA)
            with conn:
                for name in old:
                    have = [c.name for c in self._table(f"{name}_v1").columns]
                    cols = ", ".join(f"[{c}]" for c in have)
                    conn.execute(f"INSERT INTO [{name}] ({cols}) SELECT {cols} FROM [{name}_v1]")
                    conn.execute(f"DROP TABLE [{name}_v1]")
        finally:
            conn.execute("PRAGMA legacy_alter_table = OFF")
            conn.execute("PRAGMA foreign_keys = ON")
        # The first version deleted without secure_delete: what /forget erased then may still
        # lie in free pages. Rewriting the file once leaves none.
        conn.execute("VACUUM")

    def close(self) -> None:
        self.db.close()

    def scrub(self) -> None:
        """Make what was just deleted unreadable on disk: the WAL folded into the file and
        emptied (with secure_delete, the freed pages were overwritten)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- users ------------------------------------------------------------------------------------

    def user(self, user_id: int) -> User | None:
        if user_id in self._users:
            return self._users[user_id]
        try:
            row = self._table("users").get(user_id)
        except NotFoundError:
            user = None
        else:
            user = User(
                row["id"], row["language"], row["consent_at"], bool(row.get("reminders", 1))
            )
        if len(self._users) >= MAX_CACHED_USERS:
            self._users.clear()
        self._users[user_id] = user
        return user

    def consented(self, user_id: int) -> bool:
        user = self.user(user_id)
        return user is not None and user.consented

    def set_language(self, user_id: int, language: str) -> None:
        """Remember the language of a person who consented."""
        self._table("users").upsert({"id": user_id, "language": language}, pk="id", alter=False)
        self._touch_created(user_id)

    def set_reminders(self, user_id: int, on: bool) -> None:
        """Reminders on or off for a person who consented."""
        self._table("users").upsert({"id": user_id, "reminders": int(on)}, pk="id", alter=False)
        self._users.pop(user_id, None)

    def open_dossiers(self) -> list[Dossier]:
        """Every open dossier, of everyone (reminders are planned from them at start-up)."""
        return [_dossier(row) for row in self._table("dossiers").rows_where("status = 'open'")]

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
        if not self.consented(user_id):
            raise PermissionError("no dossier is stored before the person's consent")
        now = _now()
        table = self._table("dossiers")
        table.insert(
            {
                "token": _token(),
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

    def dossier(self, dossier_id: int, user_id: int, token: str | None = None) -> Dossier | None:
        """A dossier, only if it belongs to this user (and, given a token, is that very one)."""
        rows = list(
            self._table("dossiers").rows_where(
                "id = ? AND user_id = ?", [dossier_id, user_id], limit=1
            )
        )
        if not rows or (token is not None and rows[0]["token"] != token):
            return None
        return _dossier(rows[0])

    def dossier_on_message(self, user_id: int, chat_id: int, message_id: int) -> Dossier | None:
        """The dossier whose checklist is this message, if any (a button pressed twice)."""
        rows = list(
            self._table("dossiers").rows_where(
                "user_id = ? AND chat_id = ? AND message_id = ?",
                [user_id, chat_id, message_id],
                limit=1,
            )
        )
        return _dossier(rows[0]) if rows else None

    def dossiers(
        self,
        user_id: int,
        *,
        status: DossierStatus | None = None,
        changed_since: str | None = None,
    ) -> list[Dossier]:
        """A person's dossiers, oldest first; only those of a status, or, with `changed_since`
        (an ISO date), the open ones and those changed since then."""
        where = "user_id = ?"
        args: list[object] = [user_id]
        if status is not None:
            where += " AND status = ?"
            args.append(status.value)
        if changed_since is not None:
            where += " AND (status = 'open' OR updated_at >= ?)"
            args.append(changed_since)
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
            elif key in ("sent_at", "sent_how", "first_care"):
                values[key] = None if value is None else str(value)
            elif key == "reminded":
                values[key] = json.dumps(sorted(value))
            elif key in ("chat_id", "message_id", "category", "beneficiary_name"):
                values[key] = value
            else:
                raise KeyError(key)
        self._table("dossiers").update(dossier.id, values)
        updated = self.dossier(dossier.id, dossier.user_id)
        if updated is None:  # erased meanwhile (/forget while a photo was being read)
            raise PermissionError("this dossier was erased")
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
        file_unique_id: str | None = None,
    ) -> Document:
        if not self.consented(user_id):
            raise PermissionError("no document is stored before the person's consent")
        table = self._table("documents")
        table.insert(
            {
                "dossier_id": dossier_id,
                "user_id": user_id,
                "file_id": file_id,
                "file_unique_id": file_unique_id,
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

    def answered(self, document_ids: Iterable[int], reply_id: int) -> None:
        """The message that told the adherent what these documents are and where they went."""
        with self.db.conn:
            self.db.conn.executemany(
                "UPDATE documents SET reply_id = ? WHERE id = ?",
                [(reply_id, i) for i in document_ids],
            )

    def documents_of_reply(self, user_id: int, reply_id: int) -> list[Document]:
        """The documents a message of the bot answered (its "move to" buttons act on them)."""
        rows = self._table("documents").rows_where(
            "user_id = ? AND reply_id = ?", [user_id, reply_id], order_by="id"
        )
        return [_document(row) for row in rows]

    def move_documents(self, documents: Iterable[Document], dossier: Dossier) -> None:
        """Documents join another dossier of the same person."""
        ids = [(dossier.id, d.id, dossier.user_id) for d in documents]
        with self.db.conn:
            self.db.conn.executemany(
                "UPDATE documents SET dossier_id = ? WHERE id = ? AND user_id = ?", ids
            )
        self.update_dossier(dossier)  # its "updated" date: retention counts from it

    def count_documents(self, user_id: int) -> int:
        return self._table("documents").count_where("user_id = ?", [user_id])

    def correct_document(self, document: Document, types: Iterable[str]) -> Document:
        """The adherent said what this document is: remember it."""
        self._table("documents").update(
            document.id, {"types": json.dumps(list(types)), "confirmed": 1}
        )
        corrected = self.document(document.id, document.user_id)
        if corrected is None:
            raise PermissionError("this document was erased")
        return corrected

    # -- files waiting to be read -----------------------------------------------------------------

    def add_pending(
        self,
        user_id: int,
        chat_id: int,
        batch: str,
        *,
        file_id: str,
        file_unique_id: str,
        size: int | None,
        extension: str,
    ) -> Pending | None:
        """Record a file before it is read, so a restart can read it or say which to resend.
        The same file twice in one batch (an update delivered again) is recorded once."""
        if not self.consented(user_id):
            raise PermissionError("no file is recorded before the person's consent")
        with self.db.conn:
            duplicate = self.db.execute(
                "SELECT 1 FROM pending WHERE batch = ? AND file_unique_id = ?",
                [batch, file_unique_id],
            ).fetchone()
            if duplicate:
                return None
            position = self.db.execute(
                "SELECT COUNT(*) FROM pending WHERE batch = ?", [batch]
            ).fetchone()[0]
            cursor = self.db.execute(
                "INSERT INTO pending (user_id, chat_id, batch, position, file_id, file_unique_id,"
                " size, extension, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    user_id,
                    chat_id,
                    batch,
                    position + 1,
                    file_id,
                    file_unique_id,
                    size,
                    extension,
                    _now(),
                ],
            )
        return self._pending_where("id = ?", [cursor.lastrowid])[0]

    def pending_batch(self, batch: str) -> list[Pending]:
        return self._pending_where("batch = ?", [batch])

    def pending_batches(self) -> list[str]:
        """Every batch still waiting, oldest first (after a restart: what was being read)."""
        rows = self.db.execute(
            "SELECT batch FROM pending GROUP BY batch ORDER BY MIN(id)"
        ).fetchall()
        return [row[0] for row in rows]

    def set_pending_status(self, batch: str, message_id: int) -> None:
        """The "I am reading" message of a batch, edited into the answer when it is read."""
        with self.db.conn:
            self.db.execute(
                "UPDATE pending SET status_message_id = ? WHERE batch = ?", [message_id, batch]
            )

    def drop_pending(self, batch: str) -> None:
        with self.db.conn:
            self.db.execute("DELETE FROM pending WHERE batch = ?", [batch])

    def record_reading(
        self, pending: Pending, pages: Sequence[Mapping[str, Any]], failure: str | None
    ) -> None:
        """What one waiting file gave, stored with its documents (not yet in a dossier) in one
        transaction: a restart never reads a file twice nor loses what was read."""
        if not self.consented(pending.user_id):
            raise PermissionError("the person was erased while the file was read")
        now = _now()
        ids = []
        with self.db.conn:
            for page in pages:
                cursor = self.db.execute(
                    "INSERT INTO documents (user_id, file_id, file_unique_id, types, fields,"
                    " confidence, confirmed, image_path, problem, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    [
                        pending.user_id,
                        pending.file_id,
                        pending.file_unique_id,
                        json.dumps(list(page["types"])),
                        json.dumps(dict(page.get("fields") or {})),
                        page.get("confidence", 0.0),
                        page.get("image_path"),
                        page.get("problem"),
                        now,
                    ],
                )
                ids.append(cursor.lastrowid)
            self.db.execute(
                "UPDATE pending SET document_ids = ?, failure = ? WHERE id = ?",
                [json.dumps(ids), failure, pending.id],
            )

    def file_batch(self, batch: str, dossier_id: int) -> None:
        """The batch's documents join the dossier (again, harmlessly, after a restart); its
        waiting rows stay until the adherent has been answered (drop_pending)."""
        ids = [i for row in self.pending_batch(batch) for i in row.document_ids or ()]
        with self.db.conn:
            self.db.conn.executemany(
                "UPDATE documents SET dossier_id = ? WHERE id = ?", [(dossier_id, i) for i in ids]
            )

    def _pending_where(self, where: str, args: list[Any]) -> list[Pending]:
        rows = self._table("pending").rows_where(where, args, order_by="position")
        pending = []
        for row in rows:
            values = {k: row[k] for k in Pending.__dataclass_fields__}
            ids = row["document_ids"]
            values["document_ids"] = None if ids is None else tuple(json.loads(ids))
            pending.append(Pending(**values))
        return pending

    # -- dialog state (python-telegram-bot's persistence) -----------------------------------------

    def dialog_users(self) -> dict[int, dict[Any, Any]]:
        """Every consented person's dialog data; a damaged row is reset for that person alone."""
        data: dict[int, dict[Any, Any]] = {}
        for user_id, text in self.db.execute("SELECT user_id, data FROM dialog_users").fetchall():
            try:
                value = json.loads(text)
                if not isinstance(value, dict):
                    raise ValueError("not an object")
            except ValueError:
                logger.warning("Damaged dialog data of one person reset (row %s)", user_id)
                with self.db.conn:
                    self.db.execute("DELETE FROM dialog_users WHERE user_id = ?", [user_id])
                continue
            data[int(user_id)] = value
        return data

    def save_dialog_user(self, user_id: int, data: Mapping[Any, Any]) -> None:
        """Store a person's dialog data, only if they consented; empty data is no row."""
        with self.db.conn:
            if not data or not self.consented(user_id):
                self.db.execute("DELETE FROM dialog_users WHERE user_id = ?", [user_id])
                return
            self.db.execute(
                "INSERT OR REPLACE INTO dialog_users (user_id, data) VALUES (?, ?)",
                [user_id, json.dumps(data, ensure_ascii=False)],
            )

    def conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        """The states of one persistent conversation; a damaged row is reset alone."""
        states: dict[tuple[int | str, ...], object] = {}
        rows = self.db.execute(
            "SELECT key, state FROM dialog_conversations WHERE name = ?", [name]
        ).fetchall()
        for key, state in rows:
            try:
                parsed_key = json.loads(key)
                if not isinstance(parsed_key, list):
                    raise ValueError("not a list")
                states[tuple(parsed_key)] = json.loads(state)
            except ValueError:
                logger.warning("Damaged dialog state of one person reset (%s)", name)
                with self.db.conn:
                    self.db.execute(
                        "DELETE FROM dialog_conversations WHERE name = ? AND key = ?", [name, key]
                    )
        return states

    def save_conversation(
        self, name: str, key: tuple[int | str, ...], user_id: int | None, state: object | None
    ) -> None:
        """Store one conversation's state, only for a person who consented."""
        encoded = json.dumps(list(key))
        with self.db.conn:
            if state is None or user_id is None or not self.consented(user_id):
                self.db.execute(
                    "DELETE FROM dialog_conversations WHERE name = ? AND key = ?", [name, encoded]
                )
                return
            self.db.execute(
                "INSERT OR REPLACE INTO dialog_conversations (name, key, user_id, state)"
                " VALUES (?, ?, ?, ?)",
                [name, encoded, user_id, json.dumps(state)],
            )

    # -- erasure ----------------------------------------------------------------------------------

    def forget(self, user_id: int) -> dict[str, int]:
        """Erase everything stored about a person; returns what was erased, and the image files."""
        counts = {"documents": 0, "dossiers": 0, "images": 0}
        self._users.pop(user_id, None)
        with self.db.conn:
            counts["images"] = _unlink_images(
                row["image_path"]
                for row in self._table("documents").rows_where("user_id = ?", [user_id])
            )
            for table in _PERSON_TABLES:
                counts[table] = self._delete(table, "user_id = ?", [user_id])
            self.db.execute("DELETE FROM users WHERE id = ?", [user_id])
        self._users.pop(user_id, None)
        self.scrub()
        return counts

    def expire(self, months: int, *, now: datetime | None = None) -> dict[str, int]:
        """Retention: erase the dossiers (and their documents) not changed for `months` months,
        and files left waiting for more than a day; returns what was erased."""
        now = now or datetime.now(UTC)
        cutoff = (now - timedelta(days=round(months * 30.44))).isoformat(timespec="seconds")
        stale = "SELECT id FROM dossiers WHERE updated_at < ?"
        with self.db.conn:
            images = _unlink_images(
                row["image_path"]
                for row in self._table("documents").rows_where(
                    f"dossier_id IN ({stale})", [cutoff]
                )
            )
            documents = self._delete("documents", f"dossier_id IN ({stale})", [cutoff])
            dossiers = self._delete("dossiers", "updated_at < ?", [cutoff])
            day = (now - timedelta(days=1)).isoformat(timespec="seconds")
            pending = self._delete("pending", "created_at < ?", [day])
            documents += self._delete("documents", "dossier_id IS NULL AND created_at < ?", [day])
        if dossiers or documents or pending:
            self.scrub()
        return {"dossiers": dossiers, "documents": documents, "images": images, "pending": pending}

    def _delete(self, table: str, where: str, args: list[Any]) -> int:
        cursor: sqlite3.Cursor = self.db.execute(f"DELETE FROM [{table}] WHERE {where}", args)
        return cursor.rowcount


def _token() -> str:
    return secrets.token_hex(TOKEN_BYTES)


def _unlink_images(paths: Iterable[str | None]) -> int:
    """Delete the kept image files among these paths; returns how many there were."""
    count = 0
    for path in paths:
        if path and Path(path).exists():
            Path(path).unlink()
            count += 1
    return count


def _dossier(row: Mapping[str, Any]) -> Dossier:
    return Dossier(
        id=row["id"],
        token=row["token"],
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
        updated_at=row["updated_at"] or row["created_at"],
        sent_at=row["sent_at"],
        sent_how=SendWay(row["sent_how"]) if row["sent_how"] else None,
        first_care=row["first_care"],
        reminded=frozenset(json.loads(row["reminded"] or "[]")),
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
        file_unique_id=row["file_unique_id"],
        problem=row["problem"],
    )

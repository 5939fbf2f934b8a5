"""The MUPRAS rulebook: loaded from its data file, validated, and turned into checklists."""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGUAGES = ("fr", "ar")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "rulebook" / "mupras.toml"


class RulebookError(ValueError):
    """The rulebook file has a mistake; the message names where."""


class ItemKind(enum.StrEnum):
    PIECE = "piece"
    CHECK = "check"
    RISK = "risk"
    NOTE = "note"


class LineState(enum.StrEnum):
    HAVE = "have"  # ✅ a piece or check the adherent has
    MISSING = "missing"  # ⬜ still to gather
    CONDITIONAL = "conditional"  # ⬜ only in a case not known yet ("if ...")
    RISK = "risk"  # ⚠ what risks a rejection
    NOTE = "note"  # ℹ️ good to know


@dataclass(frozen=True)
class Text:
    """One sentence in every language of the bot."""

    fr: str
    ar: str

    def get(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.fr


@dataclass(frozen=True)
class Source:
    id: str
    authority: str
    title: Text
    quote: str


@dataclass(frozen=True)
class Contact:
    id: str
    email: str
    label: Text
    use: Text


@dataclass(frozen=True)
class Office:
    name: str
    address: Text
    phone: str
    fax: str
    website: str


@dataclass(frozen=True)
class Option:
    id: str
    label: Text
    sets: frozenset[str]


MORE = "+"  # in a multiple question's answer: "prothese+canal", and "prothese+" while choosing
DONE = "done"  # the button that ends a multiple question's choice ("C'est tout")
MAX_MULTIPLE = 5  # options with conditions a multiple question may have (they fit one code char)


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    options: tuple[Option, ...]
    # Several answers at once (dental acts: a prosthesis and a root canal); an option that sets
    # nothing ("soins courants") stands alone and ends the choice.
    multiple: bool = False

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def chosen(self, value: str | None) -> tuple[Option, ...]:
        """The options an answer names (one, or several joined by "+")."""
        ids = set((value or "").split(MORE)) if self.multiple else {value}
        return tuple(o for o in self.options if o.id in ids)

    def finished(self, value: str | None) -> bool:
        """An answer given in full (a multiple question's is, once "C'est tout" is pressed)."""
        return value is not None and bool(self.chosen(value)) and not value.endswith(MORE)

    def press(self, value: str | None, option_id: str) -> str | None:
        """The answer after pressing an option (a multiple question's toggles it; "done" ends the
        choice); None when the press changes nothing valid."""
        if not self.multiple:
            return option_id if self.option(option_id) is not None else None
        picked = [o.id for o in self.chosen(value) if o.sets]
        if option_id == DONE:
            return MORE.join(picked) if picked else None
        option = self.option(option_id)
        if option is None:
            return None
        if not option.sets:  # "soins courants": alone, and the choice is over
            return option.id
        if option.id in picked:
            picked.remove(option.id)
        else:
            picked.append(option.id)
        order = [o.id for o in self.options]
        return MORE.join(sorted(picked, key=order.index)) + MORE


@dataclass(frozen=True)
class Item:
    id: str
    kind: ItemKind
    text: Text
    source: str
    when: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    contact: str | None = None
    documents: frozenset[str] = frozenset()  # recognised document types that provide it
    # A check folded into another line (the feuille's cadres into the feuille): not a line of
    # its own, its short text said with that line's.
    part_of: str | None = None
    short: Text | None = None

    @property
    def tickable(self) -> bool:
        return self.kind in (ItemKind.PIECE, ItemKind.CHECK)


@dataclass(frozen=True)
class Category:
    id: str
    emoji: str
    name: Text
    questions: tuple[str, ...]
    conditions: frozenset[str]
    items: tuple[Item, ...]
    # How free text is read: when a message names two kinds of care as strongly, the lower rank
    # wins (1 = the most specific); a fallback is chosen only when no other kind is named.
    rank: int = 0
    fallback: bool = False


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: Text
    text: Text
    source: str | None


@dataclass(frozen=True)
class DocumentType:
    id: str
    label: Text
    suggests: str | None  # the kind of care a dossier opened by this document is for


@dataclass(frozen=True)
class Deadline:
    """How long a paper stays valid, and the line that says it."""

    id: str
    months: int
    rule: str


@dataclass(frozen=True)
class Line:
    """One line of a checklist, ready to render."""

    item: Item
    state: LineState
    condition: Text | None = None  # for CONDITIONAL lines: "if ..."
    parts: tuple[Item, ...] = ()  # the checks folded into this line (their short texts)


@dataclass(frozen=True)
class Checklist:
    category: Category
    lines: tuple[Line, ...]
    pending: tuple[Question, ...]  # questions not answered yet, in order
    contacts: tuple[str, ...]  # contact ids that apply, in order of first use

    @property
    def numbered(self) -> tuple[Line, ...]:
        """The lines the adherent ticks (had or missing), in the order they are numbered 1, 2…"""
        return tuple(
            line for line in self.lines if line.state in (LineState.HAVE, LineState.MISSING)
        )

    @property
    def missing(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.state is LineState.MISSING)

    @property
    def risks(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.state is LineState.RISK)


@dataclass(frozen=True)
class Rulebook:
    version: int
    reviewed: str
    sources: Mapping[str, Source]
    contacts: Mapping[str, Contact]
    office: Office
    conditions: Mapping[str, Text]
    questions: Mapping[str, Question]
    general: tuple[Item, ...]
    categories: Mapping[str, Category]
    glossary: Mapping[str, GlossaryEntry]
    document_types: Mapping[str, DocumentType]
    deadlines: Mapping[str, Deadline]
    path: Path = field(default=DEFAULT_PATH, compare=False)
    # condition id -> the kind of care a message telling it is about ("sans vignette": pharmacie)
    condition_categories: Mapping[str, str] = field(default_factory=dict)

    def category(self, category_id: str) -> Category:
        return self.categories[category_id]

    def conditions_for(self, category: Category, answers: Mapping[str, str]) -> frozenset[str]:
        """The conditions that hold for a category given the answers so far."""
        held = set(category.conditions)
        for question_id, option_id in answers.items():
            question = self.questions.get(question_id)
            for option in question.chosen(option_id) if question else ():
                held |= option.sets
        return frozenset(held)

    def decided_conditions(self, category: Category, answers: Mapping[str, str]) -> frozenset[str]:
        """The conditions whose truth is known, by an answered question or by the category."""
        known = set(category.conditions)
        for question_id in category.questions:
            if self.questions[question_id].finished(answers.get(question_id)):
                for option in self.questions[question_id].options:
                    known |= option.sets
        return frozenset(known)

    def checklist(
        self,
        category_id: str,
        answers: Mapping[str, str] | None = None,
        have: Collection[str] = frozenset(),
        extra_conditions: frozenset[str] = frozenset(),
    ) -> Checklist:
        """The checklist of a category, given the answers so far and the items the adherent has."""
        answers = dict(answers or {})
        category = self.categories[category_id]
        held = self.conditions_for(category, answers) | extra_conditions
        known = self.decided_conditions(category, answers) | extra_conditions
        pending = tuple(
            self.questions[q]
            for q in category.questions
            if not self.questions[q].finished(answers.get(q))
        )
        # The conditions a pending question decides: their lines wait for its answer.
        asked = frozenset(c for question in pending for o in question.options for c in o.sets)
        lines: list[Line] = []
        contacts: list[str] = []
        seen: set[str] = set()
        every = (*self.general[:-1], *category.items, self.general[-1])
        for item in every:
            if item.id in seen or item.unless & held or item.part_of is not None:
                continue
            state: LineState
            condition: Text | None = None
            if item.when and not item.when & held:
                undecided = item.when - known
                if not undecided or undecided & asked:
                    continue  # a line its pending question decides: shown once answered
                state = LineState.CONDITIONAL
                labels = [self.conditions[c] for c in sorted(undecided)]
                condition = Text(  # "pour une orthodontie ou pour une parodontie…"
                    fr=" ou ".join(t.fr for t in labels), ar=" أو ".join(t.ar for t in labels)
                )
            elif item.kind is ItemKind.RISK:
                state = LineState.RISK
            elif item.kind is ItemKind.NOTE:
                state = LineState.NOTE
            else:
                state = LineState.HAVE if item.id in have else LineState.MISSING
            seen.add(item.id)
            parts = tuple(i for i in every if i.part_of == item.id and not i.unless & held)
            lines.append(Line(item, state, condition, parts))
            if (
                item.contact
                and state is not LineState.CONDITIONAL
                and item.contact not in contacts
            ):
                contacts.append(item.contact)
        return Checklist(category, tuple(lines), pending, tuple(contacts))

    def items_for_documents(self, category_id: str, types: Collection[str]) -> list[str]:
        """The pieces of a category that documents of these types provide."""
        items = (*self.general, *self.categories[category_id].items)
        return [item.id for item in items if item.documents & set(types)]

    def rule(self, rule_id: str) -> Item | None:
        """The line a rule id names, exactly: "general.validite", "reeducation.calendrier_seances"
        (no prefix: "reeducation.calendrier" names nothing)."""
        scope, _, name = rule_id.partition(".")
        items: tuple[Item, ...] = ()
        if scope == "general":
            items = self.general
        elif scope in self.categories:
            items = self.categories[scope].items
        return next((i for i in items if i.id == name), None)

    def require(self, where: str, rules: Collection[str] = (), **ids: Collection[str]) -> None:
        """Stop with the entry named when a rule id or an id the code names is not in the book.

        ``ids`` maps a table (categories, contacts, glossary, document_types, deadlines,
        questions, conditions) to the ids expected in it."""
        for rule_id in rules:
            if self.rule(rule_id) is None:
                raise RulebookError(f"{where} names the rule '{rule_id}': no such line")
        for table, wanted in ids.items():
            present: Mapping[str, object] = getattr(self, table)
            for name in wanted:
                if name not in present:
                    raise RulebookError(f"{where} needs [{table}.{name}]: not in the book")

    def item(self, category_id: str, item_id: str) -> Item | None:
        items = (*self.general, *self.categories[category_id].items)
        return next((i for i in items if i.id == item_id), None)


def _text(raw: Any, where: str) -> Text:
    if not isinstance(raw, dict):
        raise RulebookError(f"{where}: expected a table with fr and ar, got {raw!r}")
    for lang in LANGUAGES:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise RulebookError(f"{where}: the {lang} text is missing or empty")
    extra = set(raw) - set(LANGUAGES)
    if extra:
        raise RulebookError(f"{where}: unknown language(s) {sorted(extra)}")
    return Text(fr=raw["fr"].strip(), ar=raw["ar"].strip())


def _str(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RulebookError(f"{where}: '{key}' is missing or not a text")
    return value.strip()


def _ids(raw: Any, where: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise RulebookError(f"{where}: expected a list of ids, got {raw!r}")
    return frozenset(raw)


def _item(raw: Any, where: str) -> Item:
    if not isinstance(raw, dict):
        raise RulebookError(f"{where}: expected a table")
    item_id = _str(raw, "id", where)
    where = f"{where} ({item_id})"
    allowed = {
        *("id", "kind", "text", "source", "when", "unless", "contact", "documents"),
        *("part_of", "short"),
    }
    if unknown := set(raw) - allowed:
        raise RulebookError(f"{where}: unknown key(s) {sorted(unknown)}")
    try:
        kind = ItemKind(_str(raw, "kind", where))
    except ValueError:
        kinds = ", ".join(k.value for k in ItemKind)
        raise RulebookError(f"{where}: kind must be one of {kinds}") from None
    contact = raw.get("contact")
    if contact is not None and not isinstance(contact, str):
        raise RulebookError(f"{where}: contact must be a contact id")
    part_of = raw.get("part_of")
    if part_of is not None and not isinstance(part_of, str):
        raise RulebookError(f"{where}: part_of must be the id of another line")
    if (part_of is None) != ("short" not in raw):
        raise RulebookError(f"{where}: a line folded into another (part_of) has a short text")
    return Item(
        id=item_id,
        kind=kind,
        text=_text(raw.get("text"), f"{where}.text"),
        source=_str(raw, "source", where),
        when=_ids(raw.get("when"), f"{where}.when"),
        unless=_ids(raw.get("unless"), f"{where}.unless"),
        contact=contact,
        documents=_ids(raw.get("documents"), f"{where}.documents"),
        part_of=part_of,
        short=_text(raw["short"], f"{where}.short") if "short" in raw else None,
    )


def parse_rulebook(data: Mapping[str, Any], path: Path = DEFAULT_PATH) -> Rulebook:
    """Build and validate a rulebook from its parsed data."""
    sources = {
        sid: Source(
            sid,
            _str(raw, "authority", f"sources.{sid}"),
            _text(raw.get("title"), f"sources.{sid}.title"),
            _str(raw, "quote", f"sources.{sid}"),
        )
        for sid, raw in _table(data, "sources").items()
    }
    contacts = {
        cid: Contact(
            cid,
            _str(raw, "email", f"contacts.{cid}"),
            _text(raw.get("label"), f"contacts.{cid}.label"),
            _text(raw.get("use"), f"contacts.{cid}.use"),
        )
        for cid, raw in _table(data, "contacts").items()
    }
    for contact in contacts.values():
        if "@" not in contact.email:
            raise RulebookError(
                f"contacts.{contact.id}: '{contact.email}' is not an e-mail address"
            )
    raw_office = data.get("office")
    if not isinstance(raw_office, dict):
        raise RulebookError("[office] is missing")
    office = Office(
        _str(raw_office, "name", "office"),
        _text(raw_office.get("address"), "office.address"),
        _str(raw_office, "phone", "office"),
        _str(raw_office, "fax", "office"),
        _str(raw_office, "website", "office"),
    )
    conditions = {
        cid: _text(raw.get("label"), f"conditions.{cid}.label")
        for cid, raw in _table(data, "conditions").items()
    }
    condition_categories = {
        cid: _str(raw, "category", f"conditions.{cid}")
        for cid, raw in _table(data, "conditions").items()
        if "category" in raw
    }
    questions: dict[str, Question] = {}
    for qid, raw in _table(data, "questions").items():
        where = f"questions.{qid}"
        options = []
        for n, opt in enumerate(raw.get("options") or []):
            owhere = f"{where}.options[{n}]"
            options.append(
                Option(
                    _str(opt, "id", owhere),
                    _text(opt.get("label"), f"{owhere}.label"),
                    _ids(opt.get("sets"), f"{owhere}.sets"),
                )
            )
        if len(options) < 2:
            raise RulebookError(f"{where}: a question needs at least two options")
        if len({o.id for o in options}) != len(options):
            raise RulebookError(f"{where}: two options share an id")
        multiple = raw.get("multiple", False)
        if not isinstance(multiple, bool):
            raise RulebookError(f"{where}.multiple: true or false")
        if multiple and (
            sum(bool(o.sets) for o in options) > MAX_MULTIPLE
            or sum(not o.sets for o in options) > 1
            or any(MORE in o.id or o.id == DONE for o in options)
        ):
            raise RulebookError(
                f"{where}: a multiple question has at most {MAX_MULTIPLE} options that set a "
                f"condition, one that sets none, and no option named '{DONE}' or with '{MORE}'"
            )
        text = _text(raw.get("text"), f"{where}.text")
        questions[qid] = Question(qid, text, tuple(options), multiple)
    general = tuple(_item(raw, f"general[{n}]") for n, raw in enumerate(data.get("general", [])))
    if not general or general[-1].kind is not ItemKind.RISK:
        raise RulebookError("general: the last general line must be the validity risk")
    categories: dict[str, Category] = {}
    for n, raw in enumerate(data.get("categories", [])):
        where = f"categories[{n}]"
        cid = _str(raw, "id", where)
        where = f"categories.{cid}"
        if cid in categories:
            raise RulebookError(f"{where}: defined twice")
        items = tuple(
            _item(item, f"{where}.items[{k}]") for k, item in enumerate(raw.get("items", []))
        )
        qids = raw.get("questions", [])
        if not isinstance(qids, list):
            raise RulebookError(f"{where}.questions: expected a list of question ids")
        categories[cid] = Category(
            id=cid,
            emoji=_str(raw, "emoji", where),
            name=_text(raw.get("name"), f"{where}.name"),
            questions=tuple(qids),
            conditions=_ids(raw.get("conditions"), f"{where}.conditions"),
            items=items,
            rank=_rank(raw, where),
            fallback=_flag(raw, "fallback", where),
        )
    glossary = {
        gid: GlossaryEntry(
            gid,
            _text(raw.get("term"), f"glossary.{gid}.term"),
            _text(raw.get("text"), f"glossary.{gid}.text"),
            raw.get("source"),
        )
        for gid, raw in _table(data, "glossary").items()
    }
    document_types = {
        tid: DocumentType(
            tid, _text(raw.get("label"), f"document_types.{tid}.label"), raw.get("suggests")
        )
        for tid, raw in _table(data, "document_types").items()
    }
    deadlines: dict[str, Deadline] = {}
    for did, raw in _table(data, "deadlines").items():
        where = f"deadlines.{did}"
        months = raw.get("months")
        if not isinstance(months, int) or isinstance(months, bool) or not 0 < months <= 36:
            raise RulebookError(f"{where}: months must be a whole number of months (1 to 36)")
        deadlines[did] = Deadline(did, months, _str(raw, "rule", where))
    book = Rulebook(
        version=int(data.get("version", 0)),
        reviewed=str(data.get("reviewed", "")),
        sources=sources,
        contacts=contacts,
        office=office,
        conditions=conditions,
        questions=questions,
        general=general,
        categories=categories,
        glossary=glossary,
        document_types=document_types,
        deadlines=deadlines,
        path=path,
        condition_categories=condition_categories,
    )
    _check_references(book)
    return book


def _rank(raw: Mapping[str, Any], where: str) -> int:
    value = raw.get("rank")
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise RulebookError(f"{where}: rank must be a whole number from 1 (1 = the most specific)")
    return value


def _flag(raw: Mapping[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise RulebookError(f"{where}: '{key}' must be true or false")
    return value


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise RulebookError(f"[{key}] is missing or empty")
    for name, raw in value.items():
        if not isinstance(raw, dict):
            raise RulebookError(f"{key}.{name}: expected a table")
    return value


def _check_references(book: Rulebook) -> None:
    """Every id a line names must exist: sources, conditions, contacts, questions."""
    all_items = [("general", item) for item in book.general] + [
        (f"categories.{c.id}", item) for c in book.categories.values() for item in c.items
    ]
    for where, item in all_items:
        here = f"{where} ({item.id})"
        if item.source not in book.sources:
            raise RulebookError(f"{here}: unknown source '{item.source}'")
        for cond in item.when | item.unless:
            if cond not in book.conditions:
                raise RulebookError(f"{here}: unknown condition '{cond}'")
        if item.contact and item.contact not in book.contacts:
            raise RulebookError(f"{here}: unknown contact '{item.contact}'")
        for doc_type in item.documents:
            if doc_type not in book.document_types:
                raise RulebookError(f"{here}: unknown document type '{doc_type}'")
        if item.part_of is not None and item.part_of not in {i.id for _w, i in all_items}:
            raise RulebookError(f"{here}: part_of names no line '{item.part_of}'")
    for category in book.categories.values():
        ids = [item.id for item in category.items]
        if len(set(ids)) != len(ids):
            raise RulebookError(f"categories.{category.id}: two items share an id")
        for qid in category.questions:
            if qid not in book.questions:
                raise RulebookError(f"categories.{category.id}: unknown question '{qid}'")
        for cond in category.conditions:
            if cond not in book.conditions:
                raise RulebookError(f"categories.{category.id}: unknown condition '{cond}'")
    ranks: dict[int, str] = {}
    for category in book.categories.values():
        if category.rank in ranks:
            raise RulebookError(
                f"categories.{category.id}: rank {category.rank} is already the rank of "
                f"{ranks[category.rank]}; two kinds of care need two ranks"
            )
        ranks[category.rank] = category.id
    for cond, category_id in book.condition_categories.items():
        if category_id not in book.categories:
            raise RulebookError(f"conditions.{cond}: unknown category '{category_id}'")
    for question in book.questions.values():
        for option in question.options:
            for cond in option.sets:
                if cond not in book.conditions:
                    raise RulebookError(
                        f"questions.{question.id}.{option.id}: unknown condition '{cond}'"
                    )
    for kind in book.document_types.values():
        if kind.suggests is not None and kind.suggests not in book.categories:
            raise RulebookError(f"document_types.{kind.id}: unknown category '{kind.suggests}'")
    for entry in book.glossary.values():
        if entry.source and entry.source not in book.sources:
            raise RulebookError(f"glossary.{entry.id}: unknown source '{entry.source}'")
    for deadline in book.deadlines.values():
        if deadline.id not in book.document_types:
            raise RulebookError(f"deadlines.{deadline.id}: unknown document type '{deadline.id}'")
        book.require(f"deadlines.{deadline.id}", [deadline.rule])


def load_rulebook(path: Path = DEFAULT_PATH) -> Rulebook:
    """Read and validate the rulebook file; a mistake is named with its line ("file:line: ...")."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulebookError(f"{path}: {exc}") from exc
    try:
        return parse_rulebook(data, path)
    except RulebookError as exc:
        line = locate(text, str(exc))
        raise RulebookError(f"{path}:{line}: {exc}" if line else f"{path}: {exc}") from None


_HEADER = re.compile(r"^\s*\[\[?\s*([\w.-]+)\s*\]\]?")
_ID = re.compile(r"^\s*id\s*=\s*\"([^\"]*)\"")


def locate(text: str, message: str) -> int | None:
    """The line of the rulebook entry an error message names (its "where" prefix), if found."""
    # Every table header, with the id written under it: (line, table, id).
    entries: list[list[Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            entries.append([number, header.group(1), None])
        elif (found := _ID.match(line)) and entries and entries[-1][2] is None:
            entries[-1][2] = found.group(1)

    def nth(table: str, n: int) -> int | None:
        rows = [e for e in entries if e[1] == table]
        return rows[n][0] if n < len(rows) else None

    def by_id(table: str, ident: str, after: int = 0, until: str | None = None) -> int | None:
        for number, name, written in entries:
            if number <= after:
                continue
            if until is not None and name == until:
                return None
            if name == table and written == ident:
                return int(number)
        return None

    if m := re.match(r"categories\.([\w-]+)(?:\.items\[\d+\])? \(([\w-]+)\)", message):
        category = by_id("categories", m.group(1))
        if category is not None:
            return by_id("categories.items", m.group(2), category, until="categories")
    if m := re.match(r"general(?:\[\d+\])? \(([\w-]+)\)", message):
        return by_id("general", m.group(1))
    if m := re.match(r"(categories|general)\[(\d+)\]", message):
        return nth(m.group(1), int(m.group(2)))
    if m := re.match(r"categories\.([\w-]+)", message):
        return by_id("categories", m.group(1))
    if m := re.match(r"(\w+)\.([\w-]+)", message):
        table = f"{m.group(1)}.{m.group(2)}"
        return next((e[0] for e in entries if e[1] == table), None)
    return None

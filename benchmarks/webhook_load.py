"""The bot under load through its webhook: main.py as its own process, a stand-in Bot API.

N people onboard (/start, a language, consent), then send M messages each (French, Arabic,
Darija, commands, button presses), all at once, each waiting for the answer to its previous
message as a person would; meanwhile A albums of S synthetic claim photos arrive at once. Prints
counts, latencies, throughput, album times, the bot's peak RSS and the error lines it logged.
Every request stays on 127.0.0.1; the bot is stopped and the temporary directory removed.

    python -m benchmarks.webhook_load [--people 200 --messages 20 --albums 10 --album-size 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream
from tornado.netutil import bind_sockets

from bot.offline import BOT_USER, OfflineRequest, Sent

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:LOAD-bench-token"
SECRET = "load-bench-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_CONNECTIONS = 40  # Telegram's default max_connections for a webhook
TEXT_CHAT0 = 10_000_000  # chat ids of the people who type
ALBUM_CHAT0 = 20_000_000  # chat ids of the people who send an album
ALBUM_TYPES = ("feuille_de_soins", "ordonnance", "facture", "calendrier_seances")
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")

# What people type, by the language they chose: questions in their words, typos, commands.
FRENCH = (
    "que joindre pour la kiné ?",
    "Que dois-je joindre pour des lunettes ?",
    "chno khassni l pharmacie",
    "lunette remboursement svp",
    "wach khass ordonnance l analyses ?",
    "mon dentiste m'a fait un devis",
    "je pars à la retraite, qui contacter ?",
    "Je veux faire une réclamation",
    "c'est quoi une entente préalable ?",
    "la feuille de soins est valable combien de temps ?",
    "bonjour",
    "merci",
    "j'aime le couscous",
    "/status",
    "/help",
    "/contact",
)
ARABIC = (
    "ماذا أرفق للنظارات؟",
    "ماذا يجب أن أرفق للترويض؟",
    "الدوا ما فيهش الفينيات",
    "ميمتي خاصها appareil auditif",
    "شنو خاصني للتحاليل؟",
    "بغيت نشكي على ملف مرفوض",
    "كيفاش نزيد ولدي؟",
    "شحال من وقت صالحة ورقة العلاج؟",
    "السلام عليكم",
    "شكرا",
    "/status",
    "/help",
    "/contact",
)
# The buttons people press (callback data prefixes): not /forget, nor a new dossier's dialog.
PRESSABLE = (
    "pv:",
    "cat:",
    "follow:",
    "dq:",
    "dt:",
    "dv:",
    "menu:checklist",
    "menu:status",
    "menu:contact",
    "menu:help",
    "menu:home",
)


@dataclass(frozen=True)
class LoadConfig:
    """How much load, and how long to wait for each answer."""

    people: int = 200
    messages: int = 20
    albums: int = 10
    album_size: int = 10
    press_share: float = 0.25  # of the messages, when the last answer has buttons to press
    reply_timeout: float = 30.0
    album_timeout: float = 300.0
    photos: int = 4  # distinct synthetic photos the albums are made of
    seed: int = 0
    bot_log: Path | None = None  # where to copy the bot's stderr (the temporary one is removed)


@dataclass
class Answer:
    """A message the bot sent or edited, with when the stand-in Bot API received it."""

    at: float
    method: str
    message_id: int
    text: str
    buttons: list[list[dict[str, str]]]

    def data(self) -> list[str]:
        """The callback data of its buttons."""
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]


@dataclass
class Step:
    """One update a person sent and when the bot's first answer to it came."""

    chat_id: int
    kind: str  # onboarding, text, command, press
    posted: float
    accepted: float  # the webhook's HTTP answer
    status: int  # its HTTP status (0: no connection)
    answered: float | None = None
    query_id: str | None = None

    @property
    def latency(self) -> float | None:
        return None if self.answered is None else self.answered - self.posted


@dataclass
class AlbumRun:
    """One album: when it was posted, its "⏳" message, its final answer."""

    chat_id: int
    posted: float
    statuses: list[int] = field(default_factory=list)
    first: float | None = None
    final: float | None = None
    final_text: str = ""
    status_messages: int = 0  # "⏳ ..." messages sent to that chat: 1 when answered once


@dataclass
class ProcessInfo:
    """Peak RSS and CPU time of one process of the bot."""

    role: str
    peak_kb: int = 0
    cpu_seconds: float = 0.0


@dataclass
class LoadResult:
    """Everything measured in one run."""

    config: LoadConfig
    ready_seconds: float
    phase_start: float
    steps: list[Step]
    albums: list[AlbumRun]
    people_done: dict[int, int]  # chat id -> updates answered, for the people who type
    extra_answers: int
    unanswered_presses: int
    calls: Counter[str]
    connections: int
    processes: dict[int, ProcessInfo]
    generator_cpu: float
    stop_seconds: float
    exit_code: int | None
    error_lines: list[str]
    warning_lines: int

    @property
    def lost(self) -> int:
        return sum(step.answered is None for step in self.steps)

    @property
    def albums_lost(self) -> int:
        return sum(album.final is None for album in self.albums)


class StandInBotApi:
    """A Bot API on 127.0.0.1 (tornado, in this event loop): offline answers, every call timed."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.offline = OfflineRequest(on_send=self._sent)
        self.calls: list[tuple[float, str, dict[str, Any]]] = []
        self.answers: defaultdict[int, list[Answer]] = defaultdict(list)
        self.query_answers: dict[str, float] = {}
        self.port = 0
        self._events: defaultdict[int, asyncio.Event] = defaultdict(asyncio.Event)
        self._server: _CountingServer | None = None

    @property
    def connections(self) -> int:
        """TCP connections the bot opened to this server."""
        return self._server.opened if self._server else 0

    def start(self) -> None:
        """Listen on a free loopback port."""
        app = tornado.web.Application(
            [
                (r"/bot([^/]+)/(\w+)", _MethodHandler, {"api": self}),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"api": self}),
            ],
            log_function=lambda handler: None,
        )
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = int(sockets[0].getsockname()[1])
        self._server = _CountingServer(app)
        self._server.add_sockets(sockets)

    async def stop(self) -> None:
        """Close the listening socket and every connection."""
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """Record one Bot API call and answer it like Telegram would."""
        now = time.perf_counter()
        self.calls.append((now, method, params))
        if method == "answerCallbackQuery":
            self.query_answers.setdefault(str(params.get("callback_query_id")), now)
        return self.offline._answer(method, params)

    def _sent(self, sent: Sent) -> None:
        answer = Answer(time.perf_counter(), sent.method, sent.message_id, sent.text, sent.buttons)
        self.answers[sent.chat_id].append(answer)
        self._events[sent.chat_id].set()

    async def wait_answer(
        self,
        chat_id: int,
        seen: int,
        deadline: float,
        accept: Callable[[Answer], bool] = lambda answer: True,
    ) -> Answer | None:
        """The first accepted answer in a chat after its first `seen` ones, or None by deadline."""
        answers = self.answers[chat_id]
        event = self._events[chat_id]
        index = seen
        while True:
            while index < len(answers):
                if accept(answers[index]):
                    return answers[index]
                index += 1
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)


class _CountingServer(HTTPServer):
    opened = 0

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        self.opened += 1
        super().handle_stream(stream, address)


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, api: StandInBotApi) -> None:
        self.api = api

    def post(self, token: str, method: str) -> None:
        if token != self.api.token:
            self.set_status(401)
            self.finish({"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        body = self.request.body
        if self.request.headers.get("Content-Type", "").startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            arguments = {**self.request.query_arguments, **self.request.body_arguments}
            params = {key: values[-1].decode() for key, values in arguments.items()}
        result = self.api.call(method, params)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": True, "result": result}))

    get = post


class _FileHandler(tornado.web.RequestHandler):
    def initialize(self, api: StandInBotApi) -> None:
        self.api = api

    def get(self, token: str, path: str) -> None:
        self.api.calls.append((time.perf_counter(), "file", {"path": path}))
        data = self.api.offline.files.get(path) if token == self.api.token else None
        if data is None:
            self.set_status(404)
            self.finish()
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(data)


class ProcessWatch:
    """Peak RSS (VmHWM) and CPU time of a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.processes: dict[int, ProcessInfo] = {}
        self._tick = os.sysconf("SC_CLK_TCK")

    def sample(self) -> None:
        """Read every process of the bot now (children come and go: sample often)."""
        for pid in [self.pid, *_descendants(self.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                stat = Path(f"/proc/{pid}/stat").read_text()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue  # it has just exited
            info = self.processes.setdefault(pid, ProcessInfo(self._role(pid, cmdline)))
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    info.peak_kb = max(info.peak_kb, int(line.split()[1]))
            fields = stat.rsplit(")", 1)[1].split()
            info.cpu_seconds = (int(fields[11]) + int(fields[12])) / self._tick

    def _role(self, pid: int, cmdline: bytes) -> str:
        if pid == self.pid:
            return "bot (main.py)"
        if b"resource_tracker" in cmdline:
            return "resource tracker"
        if b"spawn_main" in cmdline:
            return "OCR worker"
        return "child " + cmdline.split(b"\0")[0].decode(errors="replace")

    async def run(self, interval: float = 0.5) -> None:
        """Sample until cancelled."""
        while True:
            self.sample()
            await asyncio.sleep(interval)


def _descendants(root: int) -> list[int]:
    children: defaultdict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    found: list[int] = []
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class WebhookClient:
    """Posts updates to the webhook over keep-alive HTTP/1.1 connections, as Telegram does."""

    # Plain asyncio streams: httpx costs about 2 ms of CPU per request here (8 ms with hundreds
    # waiting for its pool), which would slow the load generator, and so the numbers.

    def __init__(self, url: str, secret: str, connections: int, timeout: float) -> None:
        parsed = urlsplit(url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.head = (
            f"POST {parsed.path or '/'} HTTP/1.1\r\nHost: {parsed.netloc}\r\n"
            f"Content-Type: application/json\r\n{SECRET_HEADER}: {secret}\r\n"
        )
        self.timeout = timeout
        self._pool: asyncio.Queue[_Connection | None] = asyncio.Queue()
        for _ in range(connections):
            self._pool.put_nowait(None)  # opened when first needed

    async def post(self, payload: dict[str, Any]) -> int:
        """POST one JSON update; its HTTP status, 0 when there was no answer."""
        body = json.dumps(payload).encode()
        request = f"{self.head}Content-Length: {len(body)}\r\n\r\n".encode() + body
        connection = await self._pool.get()
        status = 0
        try:
            if connection is None:
                connection = await asyncio.wait_for(
                    asyncio.open_connection(self.host, self.port), self.timeout
                )
            connection[1].write(request)
            status, keep = await asyncio.wait_for(_response(connection[0]), self.timeout)
            if not keep:
                await _close(connection)
                connection = None
        except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
            if connection is not None:
                await _close(connection)
            connection = None
        finally:
            self._pool.put_nowait(connection)
        return status

    async def close(self) -> None:
        """Close every open connection."""
        while not self._pool.empty():
            connection = self._pool.get_nowait()
            if connection is not None:
                await _close(connection)


_Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def _response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 response: its status, and whether the connection stays open."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers = dict(
        (name.strip().lower(), value.strip())
        for name, _, value in (line.partition(":") for line in head[1:] if line)
    )
    if "content-length" not in headers:
        raise ValueError("a response without Content-Length")
    await reader.readexactly(int(headers["content-length"]))
    return status, headers.get("connection", "").lower() != "close"


async def _close(connection: _Connection) -> None:
    connection[1].close()
    with contextlib.suppress(OSError):
        await connection[1].wait_closed()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def synthetic_photos(directory: Path, count: int) -> list[tuple[bytes, tuple[int, int]]]:
    """A few synthetic photos of claim papers, generated once and cached in `directory`."""
    from tests.synthetic_docs import make_photo

    directory.mkdir(parents=True, exist_ok=True)
    photos = []
    for n in range(count):
        doc_type = ALBUM_TYPES[n % len(ALBUM_TYPES)]
        path = directory / f"{doc_type}-{n}.jpg"
        size_path = path.with_suffix(".size")
        if not path.exists() or not size_path.exists():
            photo = make_photo(doc_type, 4200 + n)
            path.write_bytes(photo.jpeg)
            size_path.write_text(f"{photo.size[0]} {photo.size[1]}")
        width, height = (int(v) for v in size_path.read_text().split())
        photos.append((path.read_bytes(), (width, height)))
    return photos


def bot_environment(api_port: int, webhook_port: int, data_dir: Path) -> dict[str, str]:
    """The bot's settings: webhook mode on loopback, the stand-in Bot API, limits lifted."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        WEBHOOK_URL=f"http://127.0.0.1:{webhook_port}/hook",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(webhook_port),
        WEBHOOK_SECRET_TOKEN=SECRET,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api_port}",
        TELEGRAM_FILE_BASE_URL=f"http://127.0.0.1:{api_port}",
        BOT_DATA_DIR=str(data_dir),
        TELEGRAM_RATE_LIMIT="0",
        LOG_LEVEL="INFO",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


@dataclass
class Person:
    """One adherent: their chat, language and message numbering."""

    chat_id: int
    lang: str
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def user(self) -> dict[str, Any]:
        return {"id": self.chat_id, "is_bot": False, "first_name": "Adherent"}

    @property
    def chat(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": "private", "first_name": "Adherent"}

    def message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self.ids),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.user,
            **content,
        }

    def text(self, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"message": self.message(**content)}

    def press(self, answer: Answer, data: str, query_id: str) -> dict[str, Any]:
        query = {
            "id": query_id,
            "from": self.user,
            "chat_instance": f"load-{self.chat_id}",
            "data": data,
            "message": {
                "message_id": answer.message_id,
                "date": int(time.time()),
                "chat": self.chat,
                "from": BOT_USER,
                "text": answer.text,
            },
        }
        return {"callback_query": query}


class Load:
    """Posts the people's updates to the webhook and waits for the bot's answers."""

    def __init__(self, config: LoadConfig, api: StandInBotApi, client: WebhookClient) -> None:
        self.config = config
        self.api = api
        self.client = client
        self.steps: list[Step] = []
        self.done: dict[int, int] = {}
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)

    async def post(self, payload: dict[str, Any]) -> int:
        """One update to the webhook, as Telegram posts it; its HTTP status (0: no connection)."""
        return await self.client.post({"update_id": next(self._update_ids), **payload})

    async def step(
        self, person: Person, kind: str, payload: dict[str, Any], query_id: str | None = None
    ) -> Answer | None:
        """Post one update and wait for the bot's first answer in that chat."""
        seen = len(self.api.answers[person.chat_id])
        posted = time.perf_counter()
        status = await self.post(payload)
        step = Step(person.chat_id, kind, posted, time.perf_counter(), status, query_id=query_id)
        self.steps.append(step)
        answer = None
        if status == 200:
            deadline = posted + self.config.reply_timeout
            answer = await self.api.wait_answer(person.chat_id, seen, deadline)
        step.answered = answer.at if answer else None
        return answer

    async def press(self, person: Person, answer: Answer, data: str, kind: str) -> Answer | None:
        query_id = f"{person.chat_id}-{next(self._query_ids)}"
        return await self.step(person, kind, person.press(answer, data, query_id), query_id)

    async def onboard(self, person: Person) -> Answer | None:
        """/start, the language button, the consent button: data read from the bot's buttons."""
        welcome = await self.step(person, "onboarding", person.text("/start"))
        language = _button(welcome, lambda data: data == f"lang:{person.lang}")
        if welcome is None or language is None:
            return None
        consent = await self.press(person, welcome, language, "onboarding")
        yes = _button(consent, lambda data: data.startswith("consent:yes"))
        if consent is None or yes is None:
            return None
        return await self.press(person, consent, yes, "onboarding")

    async def converse(self, person: Person, rng: random.Random) -> None:
        """Onboard, then M messages or button presses, each after the previous answer."""
        last = await self.onboard(person)
        phrasings = ARABIC if person.lang == "ar" else FRENCH
        answered = 3 if last else 0
        for _ in range(self.config.messages if last else 0):
            assert last is not None
            pressable = [d for d in last.data() if d.startswith(PRESSABLE)]
            if pressable and rng.random() < self.config.press_share:
                answer = await self.press(person, last, rng.choice(pressable), "press")
            else:
                text = rng.choice(phrasings)
                kind = "command" if text.startswith("/") else "text"
                answer = await self.step(person, kind, person.text(text))
            if answer is None:
                break  # no answer in time: this person gives up
            answered += 1
            last = answer
        self.done[person.chat_id] = answered

    async def send_albums(
        self, people: Sequence[Person], photos: Sequence[tuple[bytes, tuple[int, int]]]
    ) -> list[AlbumRun]:
        """Every album at once, one after the other; then wait for each one's final answer."""
        runs = []
        seen = {}
        for k, person in enumerate(people):
            seen[person.chat_id] = len(self.api.answers[person.chat_id])
            group = str(13_000_000_000 + k)
            updates = []
            for j in range(self.config.album_size):
                data, (width, height) = photos[(k * self.config.album_size + j) % len(photos)]
                file_id = f"album{k}-photo{j}"
                self.api.offline.files[file_id] = data
                sizes = [
                    _photo_size(f"{file_id}-thumb", 90, 90 * height // width, 1500),
                    _photo_size(file_id, width, height, len(data)),
                ]
                updates.append({"message": person.message(media_group_id=group, photo=sizes)})
            run = AlbumRun(person.chat_id, time.perf_counter())
            run.statuses = list(await asyncio.gather(*(self.post(u) for u in updates)))
            runs.append(run)

        async def wait(person: Person, run: AlbumRun) -> None:
            deadline = run.posted + self.config.album_timeout
            first = await self.api.wait_answer(person.chat_id, seen[person.chat_id], deadline)
            final = await self.api.wait_answer(
                person.chat_id, seen[person.chat_id], deadline, lambda a: "⏳" not in a.text[:2]
            )
            run.first = first.at if first else None
            run.final = final.at if final else None
            run.final_text = final.text if final else ""

        await asyncio.gather(*(wait(p, r) for p, r in zip(people, runs, strict=True)))
        for person, run in zip(people, runs, strict=True):
            later = self.api.answers[person.chat_id][seen[person.chat_id] :]
            run.status_messages = sum(
                a.method == "sendMessage" and a.text.startswith("⏳") for a in later
            )
        return runs


def _button(answer: Answer | None, wanted: Callable[[str], bool]) -> str | None:
    return next((d for d in answer.data() if wanted(d)), None) if answer else None


def _photo_size(file_id: str, width: int, height: int, size: int) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "width": width,
        "height": height,
        "file_size": size,
    }


async def _wait_ready(
    process: subprocess.Popen[bytes], api: StandInBotApi, port: int, stderr: Path
) -> None:
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            tail = stderr.read_text(errors="replace")[-2000:]
            raise RuntimeError(
                f"the bot exited ({process.returncode}) before it was ready:\n{tail}"
            )
        if any(method == "setWebhook" for _, method, _ in api.calls):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return
        await asyncio.sleep(0.05)
    raise TimeoutError("the bot did not call setWebhook and listen within 60 s")


async def _stop(process: subprocess.Popen[bytes]) -> float:
    """SIGINT, then kill (its whole process group: the OCR workers too); seconds it took."""
    started = time.perf_counter()
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        deadline = started + 30
        while process.poll() is None and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
    seconds = time.perf_counter() - started
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # anything left of it (its own session)
    process.wait()
    return seconds


async def run_load(config: LoadConfig) -> LoadResult:
    """Start the stand-in Bot API and the bot, run the load, stop them; the numbers."""
    with tempfile.TemporaryDirectory(prefix="mupras-load-") as tmp:
        directory = Path(tmp)
        photos = synthetic_photos(directory / "photos", config.photos) if config.albums else []
        api = StandInBotApi()
        api.start()
        webhook_port = free_port()
        env = bot_environment(api.port, webhook_port, directory / "data")
        stdout_path, stderr_path = directory / "bot.out", directory / "bot.err"
        with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
            try:
                return await _run(config, api, env, webhook_port, out, err, stderr_path, photos)
            finally:
                await api.stop()
                if config.bot_log is not None:
                    shutil.copyfile(stderr_path, config.bot_log)


async def _run(
    config: LoadConfig,
    api: StandInBotApi,
    env: dict[str, str],
    webhook_port: int,
    out: IO[bytes],
    err: IO[bytes],
    stderr_path: Path,
    photos: list[tuple[bytes, tuple[int, int]]],
) -> LoadResult:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "main.py"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=err,
        start_new_session=True,
    )
    watch = ProcessWatch(process.pid)
    sampler = asyncio.create_task(watch.run())
    stop_seconds = 0.0
    try:
        await _wait_ready(process, api, webhook_port, stderr_path)
        ready_seconds = time.perf_counter() - started
        client = WebhookClient(
            env["WEBHOOK_URL"], SECRET, WEBHOOK_CONNECTIONS, config.reply_timeout
        )
        try:
            load = Load(config, api, client)
            senders = [Person(ALBUM_CHAT0 + k, "fr") for k in range(config.albums)]
            await asyncio.gather(*(load.onboard(person) for person in senders))
            cpu_before = _cpu_seconds()
            phase_start = time.perf_counter()
            people = [
                Person(TEXT_CHAT0 + n, "ar" if n % 3 == 2 else "fr") for n in range(config.people)
            ]
            rngs = [random.Random(config.seed * 1_000_003 + n) for n in range(config.people)]
            conversations = asyncio.gather(
                *(load.converse(p, r) for p, r in zip(people, rngs, strict=True))
            )
            albums, _ = await asyncio.gather(load.send_albums(senders, photos), conversations)
            await asyncio.sleep(1.0)  # what the bot still sends after its first answers
            generator_cpu = _cpu_seconds() - cpu_before
        finally:
            await client.close()
        watch.sample()
    finally:
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
        stop_seconds = await _stop(process)
    log = stderr_path.read_text(errors="replace").splitlines()
    return LoadResult(
        config=config,
        ready_seconds=ready_seconds,
        phase_start=phase_start,
        steps=load.steps,
        albums=albums,
        people_done={p.chat_id: load.done.get(p.chat_id, 0) for p in people},
        extra_answers=_extra_answers(api, load.steps, {p.chat_id for p in people}),
        unanswered_presses=sum(
            step.query_id is not None and step.query_id not in api.query_answers
            for step in load.steps
        ),
        calls=Counter(method for _, method, _ in api.calls),
        connections=api.connections,
        processes=watch.processes,
        generator_cpu=generator_cpu,
        stop_seconds=stop_seconds,
        exit_code=process.returncode,
        error_lines=[line for line in log if "ERROR" in line],
        warning_lines=sum("WARNING" in line for line in log),
    )


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _extra_answers(api: StandInBotApi, steps: Sequence[Step], chats: set[int]) -> int:
    """Messages sent or edited beyond one per update in the chats of the people who type."""
    # When not 0, some update got two answers, and the next one's latency may be counted short.
    answered = Counter(step.chat_id for step in steps if step.answered is not None)
    return sum(len(api.answers[chat]) - answered[chat] for chat in chats)


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _latencies(steps: Sequence[Step]) -> str:
    values = sorted(s.latency for s in steps if s.latency is not None)
    if not values:
        return "no answer"
    p50, p90, p99 = (percentile(values, p) * 1000 for p in (50, 90, 99))
    return (
        f"p50 {p50:7.1f} ms  p90 {p90:7.1f} ms  p99 {p99:7.1f} ms  "
        f"max {values[-1] * 1000:7.1f} ms  (n={len(values)})"
    )


def report(result: LoadResult) -> None:
    """Print the numbers."""
    c = result.config
    print(
        f"webhook load: {c.people} people × (3 onboarding + {c.messages} messages), "
        f"{c.albums} albums × {c.album_size} photos; main.py in webhook mode on 127.0.0.1, "
        f"{WEBHOOK_CONNECTIONS} webhook connections"
    )
    print(
        "TELEGRAM_RATE_LIMIT=0: python-telegram-bot's AIORateLimiter limits lifted (Telegram's "
        "30 messages/s would make 200 people wait by design); its retries stay"
    )
    print(f"bot ready (setWebhook called, port open) in {result.ready_seconds:.1f} s")
    steps = result.steps
    answered = [s for s in steps if s.answered is not None]
    refused = sum(s.status != 200 for s in steps)
    gave_up = sum(n < 3 + c.messages for n in result.people_done.values())
    print(
        f"text path: {len(steps)} updates sent, {len(answered)} answered, lost {result.lost} "
        f"(webhook refused {refused}; people who gave up {gave_up}/{c.people}); "
        f"extra messages {result.extra_answers}; presses without answerCallbackQuery "
        f"{result.unanswered_presses}"
    )
    print(f"  latency post → first answer: {_latencies(steps)}")
    for kind in ("onboarding", "text", "command", "press"):
        print(f"    {kind:<10} {_latencies([s for s in steps if s.kind == kind])}")
    accepted = sorted(s.accepted - s.posted for s in steps if s.status == 200)
    if accepted:
        print(
            f"  webhook's HTTP 200: p50 {percentile(accepted, 50) * 1000:.1f} ms, "
            f"p99 {percentile(accepted, 99) * 1000:.1f} ms"
        )
    main = [s for s in steps if s.posted >= result.phase_start]
    if main and any(s.answered for s in main):
        end = max(s.answered for s in main if s.answered is not None)
        span = end - result.phase_start
        print(
            f"  throughput: {len(main) / span:.0f} updates/s ({len(main)} updates in {span:.1f} s)"
        )
    finals = [a.final for a in result.albums if a.final is not None]
    if result.albums:
        reading_until = max(finals) if finals else math.inf
        during = [s for s in main if s.posted < reading_until]
        after = [s for s in main if s.posted >= reading_until]
        print(f"    while albums were being read: {_latencies(during)}")
        print(f"    after the last album's answer: {_latencies(after)}")
        _report_albums(result)
    calls = ", ".join(f"{m} {n}" for m, n in result.calls.most_common())
    print(f"Bot API calls: {calls}; connections the bot opened: {result.connections}")
    total = 0
    for pid, info in sorted(result.processes.items()):
        total += info.peak_kb
        print(
            f"  {info.role:<16} pid {pid}: peak RSS {info.peak_kb / 1024:6.1f} MB, "
            f"CPU {info.cpu_seconds:5.1f} s"
        )
    print(f"  bot's processes together: {total / 1024:.1f} MB peak (sum of each one's peak)")
    print(f"  load generator + stand-in Bot API (this process): CPU {result.generator_cpu:.1f} s")
    print(
        f"bot stopped {result.stop_seconds:.1f} s after SIGINT (exit code {result.exit_code}); "
        f"lines with ERROR in its log: {len(result.error_lines)}, with WARNING: "
        f"{result.warning_lines}"
    )
    for line in list(dict.fromkeys(line.split(" ", 2)[-1] for line in result.error_lines))[:5]:
        print(f"  {line[:160]}")


def _report_albums(result: LoadResult) -> None:
    albums = result.albums
    if not albums:
        return
    spread = albums[-1].posted - albums[0].posted
    finals = [a.final - a.posted for a in albums if a.final is not None]
    firsts = [a.first - a.posted for a in albums if a.first is not None]
    print(
        f"albums: {len(albums)} × {result.config.album_size} photos posted in {spread:.2f} s "
        f"(webhook refused {sum(s != 200 for a in albums for s in a.statuses)}); "
        f"lost {result.albums_lost}"
    )
    if firsts:
        print(f"  '⏳' message after: first {min(firsts):.1f} s, last {max(firsts):.1f} s")
    if finals:
        print(
            f"  final answer after: first {min(finals):.1f} s, median "
            f"{statistics.median(finals):.1f} s, last {max(finals):.1f} s"
        )
    order = sorted((a.final, n) for n, a in enumerate(albums, start=1) if a.final is not None)
    first_answered = order[0][1] == 1 if order else False
    print(
        f"  first album sent answered first: {'yes' if first_answered else 'no'} "
        f"(order answered: {' '.join(str(n) for _, n in order)})"
    )
    read = [sum(_is_document_line(line) for line in a.final_text.splitlines()) for a in albums]
    once = [a.status_messages for a in albums]
    print(f"  photos listed in each final answer: {read}; '⏳' messages per album: {once}")


def _is_document_line(line: str) -> bool:
    number = line.split(". ", 1)[0]
    return number != line and number.replace(".", "").isdigit()


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the arguments, run, report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--messages", type=int, default=20, help="after onboarding, per person")
    parser.add_argument("--albums", type=int, default=10)
    parser.add_argument("--album-size", type=int, default=10)
    parser.add_argument("--press-share", type=float, default=0.25)
    parser.add_argument("--reply-timeout", type=float, default=30.0, help="seconds")
    parser.add_argument("--album-timeout", type=float, default=300.0, help="seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bot-log", type=Path, help="copy the bot's stderr to this file")
    args = parser.parse_args(argv)
    config = LoadConfig(
        people=args.people,
        messages=args.messages,
        albums=args.albums,
        album_size=args.album_size,
        press_share=args.press_share,
        reply_timeout=args.reply_timeout,
        album_timeout=args.album_timeout,
        seed=args.seed,
        bot_log=args.bot_log,
    )
    report(asyncio.run(run_load(config)))


if __name__ == "__main__":
    main()

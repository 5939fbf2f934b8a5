"""Start-up failures, main.py run as a user runs it: one line saying what and where, exit 2."""

from __future__ import annotations

import os
import resource
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from bot.storage import Storage
from tests.botapi import free_port, serving, webhook_env
from tests.conftest import ROOT, run_main

pytestmark = pytest.mark.slow  # its own processes, or real OCR on many pages

TERMINAL = ()  # no command, no token: the chat in the terminal (its stdin closed)
CHECK = ("check-rulebook",)
ASK = ("ask", "bonjour")


def environment(**values: str | Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "LOG_LEVEL")}
    return {**env, **{k: str(v) for k, v in values.items()}}


def one_line(result: subprocess.CompletedProcess[str], *words: str | Path) -> str:
    """Exit 2, and stderr is one line, no traceback, with each word (what, where)."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    [line] = lines
    assert line.startswith("main.py: "), line
    for word in words:
        assert str(word) in line, (word, line)
    return line


def fails(command: tuple[str, ...], env: Mapping[str, str], *words: str | Path) -> str:
    return one_line(run_main(*command, input="", env=env, check=False, timeout=60), *words)


# -- settings ---------------------------------------------------------------------------------


def test_an_unknown_log_level() -> None:
    line = fails(ASK, environment(LOG_LEVEL="LOUD"), "LOG_LEVEL", "'LOUD'")
    assert "DEBUG, INFO, WARNING, ERROR, CRITICAL" in line


def test_recognition_workers_that_are_not_a_number() -> None:
    fails(CHECK, environment(RECOGNITION_WORKERS="abc"), "RECOGNITION_WORKERS", "'abc'")


def test_a_bad_setting_in_webhook_mode_does_not_show_the_token() -> None:
    env = environment(TELEGRAM_BOT_TOKEN="123456:TEST-token", WEBHOOK_URL="hook.example.test/x")
    line = fails(TERMINAL, env, "WEBHOOK_URL", "'hook.example.test/x'")
    assert "TEST-token" not in line


# -- the data folder ---------------------------------------------------------------------------


def test_a_data_folder_under_a_file(tmp_path: Path) -> None:
    """As root, chmod stops nothing; a path through a regular file stops everyone."""
    (tmp_path / "file").write_text("")
    data = tmp_path / "file" / "data"
    fails(CHECK, environment(BOT_DATA_DIR=data), data, "cannot be created", "is a file")


def test_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("")
    fails(TERMINAL, environment(BOT_DATA_DIR=tmp_path / "data"), tmp_path / "data", "not a folder")


@pytest.fixture
def immutable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody, root included, can write in: chattr +i (needs CAP_LINUX_IMMUTABLE)."""
    folder = tmp_path / "immutable"
    folder.mkdir()
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)]).returncode:
        pytest.skip("chattr +i is not available here")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_immutable_data_folder(immutable_folder: Path) -> None:
    env = environment(BOT_DATA_DIR=immutable_folder)
    fails(CHECK, env, immutable_folder, "is not writable", "Operation not permitted")
    fails(TERMINAL, env, immutable_folder, "is not writable")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a folder of mode 0o555")
def test_a_read_only_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    try:
        fails(CHECK, environment(BOT_DATA_DIR=folder), folder, "is not writable")
    finally:
        folder.chmod(0o755)


def _mount_tmpfs(folder: Path, options: str) -> None:
    folder.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"mount -t tmpfs is not permitted here: {mounted.stderr.decode().strip()}")


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A read-only file system (tmpfs mounted ro): EROFS, for root too."""
    disk = tmp_path / "ro"
    _mount_tmpfs(disk, "ro,size=64k")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_data_folder_on_a_read_only_disk(read_only_disk: Path) -> None:
    fails(TERMINAL, environment(BOT_DATA_DIR=read_only_disk), read_only_disk, "Read-only")
    fails(CHECK, environment(BOT_DATA_DIR=read_only_disk / "data"), "cannot be created")


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real full disk: a 256 kB tmpfs, filled up."""
    disk = tmp_path / "full"
    _mount_tmpfs(disk, "size=256k")
    try:
        with (disk / "filler").open("wb") as filler, pytest.raises(OSError):
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk(full_disk: Path) -> None:
    data = full_disk / "data"
    fails(CHECK, environment(BOT_DATA_DIR=data), data, "is full")
    fails(TERMINAL, environment(BOT_DATA_DIR=data), data, "is full")


def test_a_disk_with_too_little_room(full_disk: Path) -> None:
    (full_disk / "filler").write_bytes(b"\0" * 128 * 1024)  # 128 kB free, of the 5 MB needed
    data = full_disk / "data"
    fails(CHECK, environment(BOT_DATA_DIR=data), data, "is full", "kB free", "5 MB")


def _limited(command: tuple[str, ...], env: Mapping[str, str], limit: int) -> str:
    """main.py with a file-size limit (RLIMIT_FSIZE): writes past it fail with EFBIG, which
    works without root and without mounting (Python ignores SIGXFSZ)."""

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "main.py", *command],
        cwd=ROOT,
        env=dict(env),
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_file_size,
    )
    return one_line(result)


def test_writes_that_fail_while_the_database_is_made(tmp_path: Path) -> None:
    """The folder takes the 4 kB probe, then SQLite's writes fail: the database is named."""
    data = tmp_path / "data"
    line = _limited(CHECK, environment(BOT_DATA_DIR=data), 16 * 1024)
    assert f"the database {data / 'mupras.sqlite3'}" in line
    assert "disk I/O error" in line or "is full" in line  # SQLite says one or the other
    line = _limited(ASK, environment(TMPDIR=tmp_path), 16 * 1024)
    assert f"a temporary database in {tmp_path}" in line
    line = _limited(TERMINAL, environment(BOT_DATA_DIR=tmp_path / "other"), 1024)
    assert f"{tmp_path / 'other'} takes no 4 kB file (File too large)" in line


# -- damaged files ------------------------------------------------------------------------------


def _random_database(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    database = folder / "mupras.sqlite3"
    database.write_bytes(os.urandom(16 * 1024))
    return database


def _truncated_database(folder: Path) -> Path:
    """A real database of the bot, with users in it, cut in the middle."""
    database = folder / "mupras.sqlite3"
    storage = Storage(database)
    for user_id in range(2000):
        storage.give_consent(user_id)
        storage.set_language(user_id, "fr")
    storage.close()
    content = database.read_bytes()
    assert len(content) > 8192
    database.write_bytes(content[: len(content) // 2])
    return database


def test_a_database_of_random_bytes(tmp_path: Path) -> None:
    database = _random_database(tmp_path / "data")
    env = environment(BOT_DATA_DIR=tmp_path / "data")
    line = fails(CHECK, env, database, "is damaged", "file is not a database")
    assert "move it away or restore a backup" in line
    fails(TERMINAL, env, database, "is damaged")


def test_a_truncated_database(tmp_path: Path) -> None:
    database = _truncated_database(tmp_path)
    fails(TERMINAL, environment(BOT_DATA_DIR=tmp_path), database, "is damaged", "malformed")


def test_the_first_versions_dialog_state_file_does_not_stop_the_start(tmp_path: Path) -> None:
    """The state is in the database now; an old, even damaged, pickle is erased at start-up."""
    (tmp_path / "conversations.pickle").write_bytes(b"\x80\x05garbage")
    env = environment(BOT_DATA_DIR=tmp_path)
    result = run_main(*TERMINAL, input="", env=env, check=False, timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "conversations.pickle").exists()


def test_webhook_and_polling_starts(tmp_path: Path) -> None:
    database = _random_database(tmp_path / "data")
    with serving() as bot_api:
        env = webhook_env(bot_api, tmp_path / "data", free_port())
        line = fails(TERMINAL, env, database, "is damaged", "file is not a database")
        assert "TEST-token" not in line and not bot_api.api.calls  # stopped before any call
        with socket.socket() as busy:  # the webhook's port taken by another program
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = busy.getsockname()[1]
            env = webhook_env(bot_api, tmp_path / "other", port, LOG_LEVEL="WARNING")
            fails(TERMINAL, env, f"127.0.0.1:{port}", "Address already in use", "WEBHOOK_PORT")
    # polling, a Bot API that does not answer: python-telegram-bot's traceback is not shown
    nobody = f"http://127.0.0.1:{free_port()}"
    env = environment(
        TELEGRAM_BOT_TOKEN="123456:TEST-token",
        TELEGRAM_API_BASE_URL=nobody,
        BOT_DATA_DIR=tmp_path / "polling",
        LOG_LEVEL="WARNING",
    )
    line = fails(TERMINAL, env, "cannot reach the Bot API", nobody)
    assert "TEST-token" not in line

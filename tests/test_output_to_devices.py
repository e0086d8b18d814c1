"""Output to a device or a pipe (`--output /dev/null`, a named pipe) is written as it is.

A file is written to a temporary file and renamed into place (so it is never left half
written); a device must never be renamed over: as root, `batch --output /dev/null` once
replaced the machine's /dev/null with a plain file. A named pipe stands in for the device
here, so the test cannot harm the machine it runs on.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from interpreter import fileio

ROOT = Path(__file__).resolve().parent.parent
CASE = {"peildatum": "2010-06-01", "uitkering": "wwb", "woont_in_gemeente": True,
        "voorliggende_voorziening_toereikend": False}


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pijp"
    os.mkfifo(path)
    received: list[bytes] = []

    def read():
        with open(path, "rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    yield path, received, reader
    if reader.is_alive():  # unblock a reader whose writer never came
        with open(path, "wb"):
            pass
        reader.join(timeout=5)


def _still_a_pipe(path: Path) -> bool:
    return stat.S_ISFIFO(os.stat(path).st_mode)


def test_is_special_tells_devices_and_pipes_from_files(tmp_path, fifo):
    path, _, _ = fifo
    assert fileio.is_special(path) and fileio.is_special(os.devnull)
    (tmp_path / "gewoon.txt").write_text("x", encoding="utf-8")
    assert not fileio.is_special(tmp_path / "gewoon.txt")
    assert not fileio.is_special(tmp_path / "bestaat-niet.txt")
    assert not fileio.is_special(tmp_path)


def test_atomic_write_to_a_pipe_writes_through_it(fifo):
    path, received, reader = fifo
    fileio.write_text(path, "hallo\n")
    reader.join(timeout=10)
    assert received == [b"hallo\n"] and _still_a_pipe(path)


@pytest.mark.parametrize("engine", ["per-case", "columnar"])
def test_batch_output_to_a_pipe_is_not_renamed_over(cli, tmp_path, fifo, engine):
    path, received, reader = fifo
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(json.dumps(CASE) + "\n" for _ in range(3)), encoding="utf-8")
    result = cli("batch", ROOT / "rules" / "schinnen", "--cases", cases, "--output", path, "--engine", engine)
    assert result.exit_code == 0, result
    reader.join(timeout=10)
    assert _still_a_pipe(path), "the pipe was replaced by a file"
    lines = received[0].decode().splitlines()
    assert len(lines) == 3 and all(json.loads(line)["decisions"] for line in lines)
    assert not (tmp_path / "pijp.partial").exists()

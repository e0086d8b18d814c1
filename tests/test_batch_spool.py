"""`batch --jobs N` into a file: the workers spool each chunk's output, the parent appends it in order.

The bytes must be those of one job (errors and line numbers included), nothing may stay behind
in the temporary folder, whether the run ends well or a worker is killed.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from interpreter import batch

from test_batch_faults import GUARD, RULES, start, workers, write_cases


def run(args, tmpdir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TMPDIR=str(tmpdir))
    cmd = [str(Path(sys.executable).with_name("grondslag")), "batch", str(RULES), *args]
    return subprocess.run(cmd, capture_output=True, env=env, timeout=GUARD)


def test_jobs_into_a_file_give_the_bytes_of_one_job_and_leave_no_spool(tmp_path):
    cases = tmp_path / "cases.jsonl"
    write_cases(cases, 3000, bad_every=97)  # several chunks, with failing lines among them
    spool = tmp_path / "tmp"
    spool.mkdir()
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(["--cases", str(cases), "--output", str(one), "--jobs", "1"], spool).returncode == 3
    proc = run(["--cases", str(cases), "--output", str(two), "--jobs", "2"], spool)
    assert proc.returncode == 3, proc.stderr
    assert two.read_bytes() == one.read_bytes()
    assert list(spool.iterdir()) == []


def _spooling_run(tmp_path):
    """A --jobs 2 batch on a large input, returned once a worker has spooled a chunk."""
    big = tmp_path / "big.jsonl"
    write_cases(big, 60_000)
    spool = tmp_path / "tmp"
    spool.mkdir()
    out = tmp_path / "out.jsonl"
    proc = start(["--cases", str(big), "--output", str(out), "--jobs", "2"], env=dict(os.environ, TMPDIR=str(spool)))
    deadline = time.monotonic() + GUARD
    while not workers(proc.pid) or not list(spool.iterdir()):
        assert time.monotonic() < deadline and proc.poll() is None, "no worker started"
        time.sleep(0.05)
    return proc, spool, out, deadline


def test_a_killed_worker_leaves_no_spool(tmp_path):
    proc, spool, out, _ = _spooling_run(tmp_path)
    os.kill(workers(proc.pid)[0], signal.SIGKILL)
    proc.communicate(timeout=GUARD)
    assert proc.returncode == 4
    assert list(spool.iterdir()) == []
    assert not out.exists()


def test_a_killed_parent_s_workers_remove_the_spool(tmp_path):
    proc, spool, _, deadline = _spooling_run(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=GUARD)
    while list(spool.iterdir()):  # the orphaned workers notice within a second and clean up
        assert time.monotonic() < deadline, f"the spool stayed: {list(spool.iterdir())}"
        time.sleep(0.1)


def test_the_appender_keeps_the_order_of_bytes_and_spooled_chunks(tmp_path):
    chunk = tmp_path / "7"
    chunk.write_bytes(b"spooled\n" * 1000)
    target = tmp_path / "out"
    with target.open("wb") as out:
        for kernel in (True, False):  # copy_file_range, and the copy in this process where it is missing
            append = batch._Appender(out, out.write)
            append.kernel = kernel and append.kernel
            append(b"before\n")
            chunk.write_bytes(b"spooled\n" * 1000)
            append((str(chunk), chunk.stat().st_size))
            append(b"after\n")
            assert not chunk.exists()
    assert target.read_bytes() == (b"before\n" + b"spooled\n" * 1000 + b"after\n") * 2


def test_no_spool_for_a_pipe_or_a_file_object_without_a_descriptor(tmp_path):
    assert batch._spool_for(None) is None
    assert batch._spool_for(io.BytesIO()) is None
    r, w = os.pipe()
    try:
        with os.fdopen(w, "wb") as pipe:
            assert batch._spool_for(pipe) is None
    finally:
        os.close(r)

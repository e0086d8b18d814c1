"""batch under faults: a killed worker, a killed parent, Ctrl-C; and --jobs equal to one job.

Real processes, no mocks. The subprocess timeouts are guards against a hang, never timing
assertions: a run that hangs fails the test instead of the suite.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "schinnen"
GUARD = 180  # seconds: only a hang comes near this
EXE = Path(sys.executable).with_name("grondslag")

LINES = [
    {"peildatum": "2010-06-01", "uitkering": "wwb", "woont_in_gemeente": True, "gezinsinkomen": "1200.00",
     "geboortedatum": "1980-05-05", "ingeschreven_als_werkzoekende": True},
    {"peildatum": "2012-01-01", "uitkering": "geen", "ingeschreven_als_werkzoekende": True},
    {"peildatum": "2009-03-03", "uitkering": "anw", "woont_in_gemeente": False, "kinderen": [{"geboortedatum": "2005-01-01"}]},
]


def write_cases(path: Path, n: int, bad_every: int = 0) -> None:
    texts = [json.dumps(c).encode() for c in LINES]
    with path.open("wb") as fh:
        for i in range(n):
            if bad_every and i % bad_every == bad_every - 1:
                fh.write(b'{"peildatum": "2010-06-01", "uitkering": "WWB"}\n' if i % 2 else b"not json\n")
            else:
                fh.write(texts[i % len(texts)] + b"\n")


def start(args, **kw) -> subprocess.Popen:
    cmd = [str(EXE) if EXE.exists() else "grondslag", "batch", str(RULES), *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def workers(pid: int) -> list[int]:
    """The batch's worker processes: forked children running the same command line."""
    mine = Path(f"/proc/{pid}/cmdline").read_bytes()
    out = []
    for c in children(pid):
        try:
            if Path(f"/proc/{c}/cmdline").read_bytes() == mine:
                out.append(c)
        except OSError:
            pass
    return out


def wait_for(predicate, what: str):
    deadline = time.monotonic() + GUARD
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "cases.jsonl"
    write_cases(path, 200_000)
    return path


def test_jobs_give_the_output_of_one_job_with_errors_and_line_numbers(tmp_path):
    cases = tmp_path / "cases.jsonl"
    write_cases(cases, 2000, bad_every=397)
    outputs = {}
    for jobs in ("1", "3"):
        out = tmp_path / f"out{jobs}.jsonl"
        proc = start(["--cases", str(cases), "--output", str(out), "--jobs", jobs])
        _, err = proc.communicate(timeout=GUARD)
        assert proc.returncode == 3, err
        outputs[jobs] = out.read_bytes()
        assert not (tmp_path / f"out{jobs}.jsonl.partial").exists()
    assert outputs["1"] == outputs["3"]
    lines = outputs["1"].splitlines()
    assert len(lines) == 2000
    assert json.loads(lines[396]) == {"line": 397, "error": json.loads(lines[396])["error"]}
    # standard input, several jobs: the same bytes on standard output
    proc = start(["--cases", "-", "--jobs", "2"], stdin=cases.open("rb"))
    out, _ = proc.communicate(timeout=GUARD)
    assert proc.returncode == 3 and out == outputs["1"]


def test_a_killed_worker_stops_the_run_with_a_clear_error(big, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = start(["--cases", str(big), "--output", str(out), "--jobs", "2"])
    victims = wait_for(lambda: workers(proc.pid), "the workers to start")
    wait_for(lambda: (tmp_path / "out.jsonl.partial").exists() and (tmp_path / "out.jsonl.partial").stat().st_size,
             "the first chunk")
    os.kill(victims[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=GUARD)
    assert proc.returncode == 4, err
    assert b"worker process stopped unexpectedly" in err and b"Traceback" not in err
    assert not out.exists() and not (tmp_path / "out.jsonl.partial").exists()


def test_a_killed_parent_leaves_only_a_partial_file_and_no_workers(big, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = start(["--cases", str(big), "--output", str(out), "--jobs", "2"])
    pool = wait_for(lambda: workers(proc.pid), "the workers to start")
    wait_for(lambda: (tmp_path / "out.jsonl.partial").exists(), "the partial file")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=GUARD)
    assert not out.exists()  # the name F only ever holds a complete output
    wait_for(lambda: not any(alive(p) for p in pool), "the orphaned workers to end")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_removes_the_partial_file_and_prints_no_traceback(big, tmp_path, jobs):
    out = tmp_path / "out.jsonl"
    proc = start(["--cases", str(big), "--output", str(out), "--jobs", jobs], start_new_session=True,
                 # a suite started in the background inherits SIGINT ignored: give the
                 # command the default a terminal user has
                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    if jobs != "1":
        wait_for(lambda: workers(proc.pid), "the workers to start")
    wait_for(lambda: (tmp_path / "out.jsonl.partial").exists() and (tmp_path / "out.jsonl.partial").stat().st_size,
             "the first lines")
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends Ctrl-C: to the whole process group
    _, err = proc.communicate(timeout=GUARD)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert not out.exists() and not (tmp_path / "out.jsonl.partial").exists()


def test_an_existing_output_is_replaced_only_when_complete(tmp_path):
    cases = tmp_path / "cases.jsonl"
    write_cases(cases, 10)
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    proc = start(["--cases", str(cases), "--output", str(out)])
    proc.communicate(timeout=GUARD)
    assert proc.returncode == 0
    assert len(out.read_bytes().splitlines()) == 10

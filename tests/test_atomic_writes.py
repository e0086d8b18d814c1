"""Nothing grondslag writes is ever left half-written (issue 13, data safety).

Every written file goes through interpreter.fileio: a temporary file in the same folder,
fsync, rename. The full-disk tests mount a 64 kB tmpfs (skipped, with the reason, where
the machine does not allow mounting); the Ctrl-C test sends a real SIGINT.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interpreter import fileio

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = ROOT / "tests" / "fixtures" / "language"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------ the helper itself


def test_write_text_replaces_the_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "a.rules"
    target.write_text("oud\n", encoding="utf-8")
    target.chmod(0o640)
    fileio.write_text(target, "nieuw\n")
    assert target.read_text(encoding="utf-8") == "nieuw\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_an_exception_while_writing_leaves_the_original_and_no_temporary_file(tmp_path):
    target = tmp_path / "a.rules"
    target.write_text("origineel\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with fileio.atomic_open(target) as fh:
            fh.write("half")
            raise KeyboardInterrupt  # Ctrl-C in the middle of writing
    assert target.read_text(encoding="utf-8") == "origineel\n"
    assert _leftovers(tmp_path) == []


def test_a_missing_folder_is_a_write_error_that_names_it(tmp_path):
    with pytest.raises(fileio.WriteError, match="does not exist"):
        fileio.write_text(tmp_path / "nergens" / "x.json", "{}")


def test_a_folder_as_target_is_a_write_error(tmp_path):
    with pytest.raises(fileio.WriteError, match="is a folder"):
        fileio.write_text(tmp_path, "{}")


def test_a_link_is_followed_so_the_linked_file_changes(tmp_path):
    real = tmp_path / "echt.rules"
    real.write_text("oud\n", encoding="utf-8")
    link = tmp_path / "link.rules"
    link.symlink_to(real)
    fileio.write_text(link, "nieuw\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "nieuw\n"


# ------------------------------------------------------------------ the commands


def test_eval_output_into_a_missing_folder_is_exit_2(cli, tmp_path, write_case):
    case = write_case({"x": "1.00", "y": "2.00"})
    res = cli("eval", LANGUAGE / "geld.rules", "--case", case, "--date", "2021-01-01", "--output",
              tmp_path / "nergens" / "uit.json")
    assert res.exit_code == 2, res
    assert "nergens" in res.stderr and "does not exist" in res.stderr


def test_graph_output_into_a_missing_folder_is_exit_2(cli, tmp_path):
    res = cli("graph", LANGUAGE / "geld.rules", "--output", tmp_path / "nergens" / "g.dot")
    assert res.exit_code == 2, res
    assert "does not exist" in res.stderr


def test_eval_output_writes_the_whole_result(cli, tmp_path, write_case):
    out = tmp_path / "uit.json"
    res = cli("eval", LANGUAGE / "geld.rules", "--case", write_case({"x": "1.00"}), "--date", "2021-01-01",
              "--format", "json", "--output", out)
    assert res.exit_code == 0, res
    assert out.read_text(encoding="utf-8").rstrip().endswith("}")
    assert _leftovers(tmp_path) == []


# ------------------------------------------------------------------ a full disk


@pytest.fixture
def full_disk(tmp_path):
    """A 64 kB tmpfs holding the given files, then filled up; unmounted afterwards."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.decode(errors='replace').strip()}): "
                    "the full-disk test needs root or a user namespace")

    def fill():
        fd = os.open(mnt / "vulling", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"x" * 1024)
        except OSError:
            pass
        finally:
            os.close(fd)

    yield mnt, fill
    subprocess.run(["umount", str(mnt)], capture_output=True)


def test_fmt_on_a_full_disk_leaves_the_rule_file_untouched_and_exits_2(cli, full_disk):
    mnt, fill = full_disk
    ugly = (LANGUAGE / "geld.rules").read_text(encoding="utf-8").replace("  beslissing", "     beslissing")
    target = mnt / "geld.rules"
    target.write_text(ugly, encoding="utf-8")
    fill()
    res = cli("fmt", target)
    assert res.exit_code == 2, res
    assert "No space left on device" in res.stderr and "left as it was" in res.stderr
    assert target.read_text(encoding="utf-8") == ugly
    assert _leftovers(mnt) == []


def test_eval_output_on_a_full_disk_keeps_the_previous_result(cli, full_disk, write_case):
    mnt, fill = full_disk
    out = mnt / "uit.json"
    out.write_text("vorige uitkomst\n", encoding="utf-8")
    fill()
    res = cli("eval", LANGUAGE / "geld.rules", "--case", write_case({"x": "1.00"}), "--date", "2021-01-01",
              "--format", "json", "--output", out)
    assert res.exit_code == 2, res
    assert out.read_text(encoding="utf-8") == "vorige uitkomst\n"
    assert _leftovers(mnt) == []


def test_test_update_on_a_full_disk_leaves_the_voorbeelden_untouched(cli, full_disk):
    mnt, fill = full_disk
    shutil.copy(LANGUAGE / "geld.rules", mnt / "geld.rules")
    voorbeelden = mnt / "geld.voorbeelden"
    text = 'voorbeeld "zonder verwachting"\n  peildatum 2021-01-01\n  feiten\n    x is € 1,00\n    y is € 2,00\n'
    voorbeelden.write_text(text, encoding="utf-8")
    fill()
    res = cli("test", mnt / "geld.rules", voorbeelden, "--update")  # would add a verwacht block
    assert res.exit_code == 2, res
    assert "No space left on device" in res.stderr
    assert voorbeelden.read_text(encoding="utf-8") == text
    assert _leftovers(mnt) == []


# ------------------------------------------------------------------ Ctrl-C


def test_ctrl_c_exits_130():
    """SIGINT while eval waits for its case on standard input: exit 130, no traceback."""
    code = "import sys; from interpreter.cli import run; print('ready', file=sys.stderr, flush=True); run()"
    proc = subprocess.Popen([sys.executable, "-c", code, "eval", str(LANGUAGE / "geld.rules"), "--case", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            # a suite started in the background inherits SIGINT ignored, and so
                            # would the child: give it the default a terminal user has
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stderr.readline() == b"ready\n"  # from here on, run() handles the signal
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and b"interrupted" in err

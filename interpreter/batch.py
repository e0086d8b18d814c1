"""Running a batch: JSON Lines in, one result line per input line out, in order.

One job evaluates the lines in this process. With several jobs, a ProcessPoolExecutor's
workers each read their own chunk of the input file (by byte range; standard input is
read by the parent and sent in chunks) and return their chunk's output as bytes; the
parent only writes the chunks in order, so output and line numbers are those of one job.
A bounded number of chunks is in flight: memory stays flat at any input size.

A worker that dies (kill -9, the out-of-memory killer) breaks the pool: the run stops
with BatchAborted, never hangs and never skips lines silently. Workers ignore Ctrl-C (the
parent stops them) and end themselves when the parent is gone.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from typing import TYPE_CHECKING

from dsl.i18n import _

if TYPE_CHECKING:  # the pool is imported by run_jobs only: one job and `eval` start without multiprocessing
    from concurrent.futures import ProcessPoolExecutor

CHUNK_BYTES = 256 * 1024  # input per worker task: large enough to make dispatch cheap
MIN_CHUNK_BYTES = 16 * 1024
CHUNK_LINES = 2000  # lines per task when reading standard input
WRITE_EVERY = 512  # lines buffered before a write, with one job


class BatchAborted(Exception):
    """The run stopped before the end (a worker process died): the output is incomplete."""


def encode(lines: list[bytes]) -> bytes:
    """Result lines (bytes, as FastLines.line gives them) as the output holds them."""
    return b"\n".join(lines) + b"\n" if lines else b""


def make_lines(regulation, date, derivation: bool):
    """The line evaluator: the compiled fast path, with the tree as its reference."""
    from interpreter.codegen.lines import FastLines
    return FastLines(regulation, date, derivation)


def run_one(lines, src, write) -> tuple[int, int]:
    """Every line in this process. Returns (lines, failed)."""
    failed, buffer, n = 0, [], 0
    line = lines.line
    for n, raw in enumerate(src, start=1):
        ok, text = line(n, raw)
        failed += not ok
        buffer.append(text)
        if len(buffer) >= WRITE_EVERY:
            write(encode(buffer))
            buffer = []
    write(encode(buffer))
    return n, failed


# ------------------------------------------------------------------ workers


class _Worker:
    lines = None
    path: str | None = None
    spool: str | None = None  # a folder for the chunks' output, which the parent copies onto the output file


def _worker_start(rules: str, date, derivation: bool, path: str | None, parent: int, preloaded,
                  spool: str | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    regulation = preloaded if preloaded is not None else _load(rules)
    _Worker.lines, _Worker.path, _Worker.spool = make_lines(regulation, date, derivation), path, spool
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _load(rules: str):
    from interpreter.api import load
    return load(rules)


def _watch_parent(parent: int) -> None:
    """A worker whose parent was killed would wait forever for work: end it."""
    import time
    while os.getppid() == parent:
        time.sleep(0.5)
    if _Worker.spool is not None:  # the parent cannot remove its temporary folder any more
        shutil.rmtree(_Worker.spool, ignore_errors=True)
    os._exit(1)


def _worker_chunk(task) -> tuple[bytes | tuple[str, int], int, int]:
    """One chunk: (start, end) of the input file, or its bytes; first line number.

    Returns the output (its bytes, or where it was spooled and its size), the lines and the failed lines."""
    where, first = task
    if isinstance(where, tuple):
        with open(_Worker.path, "rb") as fh:
            fh.seek(where[0])
            data = fh.read(where[1] - where[0])
    else:
        data = where
    texts, failed = [], 0
    line = _Worker.lines.line
    for n, raw in enumerate(io.BytesIO(data), start=first):
        ok, text = line(n, raw)
        failed += not ok
        texts.append(text)
    data = encode(texts)
    if _Worker.spool is None:
        return data, len(texts), failed
    name = os.path.join(_Worker.spool, str(first))  # the parent copies it and removes it
    with open(name, "wb") as fh:
        fh.write(data)
    return (name, len(data)), len(texts), failed


def file_chunks(path: str, jobs: int):
    """(start, end) byte ranges of whole lines, with the number of each range's first line.

    At most CHUNK_BYTES, and small enough that a small file still keeps every worker busy."""
    first, start = 1, 0
    size = max(MIN_CHUNK_BYTES, min(CHUNK_BYTES, os.path.getsize(path) // (4 * jobs) + 1))
    with open(path, "rb") as fh:
        while True:
            block = fh.read(size)
            if not block:
                return
            if not block.endswith(b"\n"):
                block += fh.readline()
            end = start + len(block)
            yield (start, end), first
            first += block.count(b"\n") + (not block.endswith(b"\n"))
            start = end


def stream_chunks(src):
    first = 1
    while True:
        lines = src.readlines(CHUNK_BYTES)
        if not lines:
            return
        yield b"".join(lines), first
        first += len(lines)


def run_jobs(rules: str, regulation, src_path: str | None, src, write, date, derivation: bool,
             jobs: int, out=None) -> tuple[int, int]:
    """Several worker processes; the parent orders their output. Returns (lines, failed).

    When `out` (the binary file `write` writes to) is a regular file, the workers write each chunk's
    output to a file of a private temporary folder and the parent has the kernel append it to `out`
    (copy_file_range): the output no longer passes through a pipe, pickling and the parent's memory."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    seekable = src_path is not None and os.path.isfile(src_path)
    tasks = file_chunks(src_path, jobs) if seekable else stream_chunks(src)
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    spool = _spool_for(out)
    if spool is not None:
        write = _Appender(out, write)
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start,
                                   initargs=(rules, date, derivation, src_path if seekable else None,
                                             os.getpid(), regulation if fork else None, spool))
    total = failed = 0
    pending = []
    try:
        for task in tasks:
            pending.append(executor.submit(_worker_chunk, task))
            if len(pending) >= 2 * jobs:
                total, failed = _collect(pending.pop(0), write, total, failed)
        while pending:
            total, failed = _collect(pending.pop(0), write, total, failed)
        executor.shutdown(wait=True)
    except BrokenProcessPool:
        _stop(executor)
        raise BatchAborted(_("a worker process stopped unexpectedly (killed, or out of memory?) after "
                             "{n} lines were written; the run was stopped").format(n=total)) from None
    except BaseException:
        _stop(executor)
        raise
    finally:
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
    return total, failed


def _spool_for(out) -> str | None:
    """A private temporary folder for the workers' output, when `out` is a regular file; else None."""
    try:
        if out is None or not stat.S_ISREG(os.fstat(out.fileno()).st_mode):
            return None
    except (OSError, AttributeError, ValueError):  # no file descriptor: keep to writing bytes
        return None
    return tempfile.mkdtemp(prefix="grondslag-batch-")


class _Appender:
    """Writes a chunk's output onto the output file: bytes as they are, a spooled chunk copied by the kernel."""

    def __init__(self, out, write):
        self.out, self.write, self.kernel = out, write, hasattr(os, "copy_file_range")

    def __call__(self, data) -> None:
        if not isinstance(data, tuple):
            self.write(data)
            return
        name, size = data
        with open(name, "rb") as src:
            done = 0
            if self.kernel:
                self.out.flush()  # what was written before goes first
                try:
                    while done < size:
                        n = os.copy_file_range(src.fileno(), self.out.fileno(), size - done)
                        if n <= 0:
                            break
                        done += n
                except OSError:  # a file system or kernel without it: copy the rest in this process
                    self.kernel = False
            if done < size:
                src.seek(done)
                self.write(src.read())
        os.unlink(name)


def _collect(future, write, total: int, failed: int) -> tuple[int, int]:
    data, n, bad = future.result()
    write(data)
    return total + n, failed + bad


def hard_exit(code: int) -> None:
    """Exit now, after a pool was stopped: a worker killed while it wrote its result leaves the
    pool's reader thread waiting forever, and Python would wait for that thread at exit."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _stop(executor: ProcessPoolExecutor) -> None:
    """End the pool now: pending work is cancelled, live workers are killed."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        try:
            p.kill()
        except (OSError, AttributeError):  # pragma: no cover - already gone
            pass
    for p in processes:
        p.join(timeout=5)


def partial_name(output: str) -> str:
    """Where `batch --output F` writes until it is done: F.partial, in F's folder."""
    return output + ".partial"


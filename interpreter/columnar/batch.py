"""`grondslag batch` on the columnar engine: JSON Lines, Parquet or CSV in; JSON Lines or Parquet out.

Streamed in chunks (--chunk-size rows): memory is bounded by the chunk, not the input.
JSON Lines out are the same bytes as the per-case path writes; Parquet out has one column
per decision value plus its citations, missing and note columns (docs/population.md).

This module is part of the engine: the command passes in what it needs from the CLI
(the progress bar and the way to fail), so nothing here imports a tool.
"""

from __future__ import annotations

import os
import sys

from dsl.i18n import _, ngettext

PARQUET = (".parquet", ".pq")
# Measured on 65,536 Schinnen rows (docs/performance.md): statistics of the citation, missing and note
# columns (min/max of their texts) and snappy, which gains 15% on dictionary codes, cost about as much
# as evaluating the chunk. Statistics are kept for the value columns, for readers that filter on them.
WRITER_OPTIONS = {"compression": "none"}


def formats(cases_path: str, output: str, input_format, output_format) -> tuple[str, str]:
    fin = input_format or ("parquet" if cases_path.endswith(PARQUET) else
                           "csv" if cases_path.endswith(".csv") else "jsonl")
    fout = output_format or ("parquet" if output.endswith(PARQUET) else "jsonl")
    return fin, fout


def dispatch(regulation, cases_path, output, date, derivation, engine, input_format, output_format,
             chunk_size, progress, fail) -> int | None:
    """Run the batch here and return the number of failed rows, or None for the per-case JSON Lines path."""
    fin, fout = formats(cases_path, output, input_format, output_format)
    if fin == "jsonl" and fout == "jsonl" and engine in ("per-case", "auto"):
        return None  # the per-case path: unchanged
    if derivation:
        if fout == "parquet":
            fail(_("--derivation is written in JSON Lines only; the Parquet output has no derivation"), 2)
        if engine == "columnar":
            fail(_("--derivation is per case: use --engine per-case (or auto) for derivations"), 2)
        if fin == "jsonl":
            return None
    if fout == "parquet" and output == "-":
        fail(_("Parquet output needs a file: give --output FILE.parquet"), 2)
    if fin != "jsonl" and cases_path == "-":
        fail(_("{format} input needs a file: give --cases FILE.{format}").format(format=fin), 2)
    try:
        chunks = read_chunks(regulation, cases_path, fin, chunk_size)
        return run(regulation, chunks, output, fout, date, engine == "per-case" or bool(derivation),
                   derivation, progress)
    except InputError as exc:
        fail(str(exc), 2)


class InputError(Exception):
    """The input file cannot be read as a whole (not a row of it: a row's error is its own line)."""


def read_chunks(regulation, path, fmt, chunk_size):
    """(table, originals) per chunk: originals maps a row to the case it came from, where that
    differs from the table row (JSON Lines, CSV), for the per-case engine and its messages."""
    from interpreter.columnar.reading import csv_chunks, jsonl_chunks, parquet_chunks
    if fmt == "parquet":
        return parquet_chunks(path, chunk_size)
    if fmt == "csv":
        return csv_chunks(regulation, path, chunk_size)
    return jsonl_chunks(regulation, path, chunk_size)


def run(regulation, chunks, output, fout, date, per_case, derivation, progress) -> int:
    import pyarrow.parquet as pq

    from interpreter.batch import encode
    from interpreter.jsonlines import line_bytes
    from interpreter.columnar.table import evaluate_chunk
    failed, line, writer, fell_back = 0, 1, None, 0
    from interpreter.fileio import is_special
    # A device or a pipe (/dev/null) is written as it is: renaming over it would replace it.
    direct = output != "-" and is_special(output)
    target = output + ".partial" if output != "-" and not direct else None
    sink = output if direct else target  # where the bytes go; None: standard output
    out = None
    try:
        if fout == "jsonl":
            out = sys.stdout.buffer if sink is None else open(sink, "wb")
        with progress(chunks, _("chunks")) as bar:
            for table, originals in bar:
                outcomes = evaluate_chunk(regulation, table, date, originals, per_case=per_case)
                failed += len(outcomes.errors)
                if fout == "jsonl":
                    out.write(encode([line_bytes(text) for _n, text in outcomes.json_lines(line, derivation)]))
                else:
                    result = outcomes.to_arrow()
                    if writer is None:
                        writer = pq.ParquetWriter(sink, result.schema, **WRITER_OPTIONS,
                                                  write_statistics=[n for n in result.column_names if "." not in n])
                    writer.write_table(result.cast(writer.schema))
                line += table.num_rows
                fell_back += len(outcomes.results)
        if writer is not None:
            writer.close()
            writer = None
        elif fout == "parquet":  # no rows at all: an empty file with no columns would mislead
            raise InputError(_("the input holds no cases"))
        if out is not None:
            out.flush()
            if sink is not None:
                out.close()
        if target is not None:
            os.replace(target, output)
    finally:
        if writer is not None:
            writer.close()
        if target is not None and os.path.exists(target):
            os.unlink(target)
    if fell_back and not per_case:
        sys.stderr.write(ngettext("grondslag: {n} row evaluated by the per-case engine (not representable in "
                                  "columns; the same answers)",
                                  "grondslag: {n} rows evaluated by the per-case engine (not representable in "
                                  "columns; the same answers)", fell_back).format(n=fell_back) + "\n")
    return failed

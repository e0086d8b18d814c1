"""Dask: evaluate a dask DataFrame of cases partition by partition (map_partitions).

    import dask.dataframe as dd
    from interpreter import load
    from interpreter.columnar.dask import evaluate_dask

    schinnen = load("rules/schinnen")
    cases = dd.read_parquet("cases/*.parquet")
    results = evaluate_dask(schinnen, cases, date="2010-06-01")   # lazy
    results.to_parquet("results/")                                 # runs on the cluster

Each partition goes through Regulation.evaluate_table (Arrow in, Arrow out), so every
worker gives the answers the per-case engine gives. The compiled regulation is pickled
to the workers once per task graph.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from interpreter.columnar.table import evaluate_table


def _partition(frame: pd.DataFrame, regulation, date) -> pd.DataFrame:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    result = evaluate_table(regulation, table, date)
    out = result.to_pandas(types_mapper=pd.ArrowDtype)
    out.index = frame.index
    return out


def result_meta(regulation, sample: pd.DataFrame, date=None) -> pd.DataFrame:
    """The (empty) frame evaluate_dask yields: its columns and dtypes, from one small evaluation."""
    table = pa.Table.from_pandas(sample, preserve_index=False)
    return evaluate_table(regulation, table, date).to_pandas(types_mapper=pd.ArrowDtype).iloc[:0]


def evaluate_dask(regulation, cases, date=None):
    """A lazy dask DataFrame: one row of decisions per case, partitioned as the input."""
    sample = cases._meta_nonempty if hasattr(cases, "_meta_nonempty") else cases.head(1)
    meta = result_meta(regulation, sample.head(1), date)
    return cases.map_partitions(_partition, regulation, date, meta=meta)

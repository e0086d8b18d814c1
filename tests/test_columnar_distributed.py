"""The Dask and Spark adapters on a real local cluster give the local result, row for row.

Spark needs Java: without it the Spark tests skip, saying so (CI installs a JRE).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import interpreter
from interpreter.columnar import evaluate_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from columnar_cases import schinnen_table  # noqa: E402

N = 400


@pytest.fixture(scope="module")
def schinnen():
    return interpreter.load(ROOT / "rules" / "schinnen")


@pytest.fixture(scope="module")
def cases():
    return schinnen_table(N, seed=7)


def _rows(table: pa.Table) -> list[dict]:
    """Rows with dictionary columns decoded, comparable across engines and clusters."""
    plain = pa.table({n: (c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c)
                      for n, c in zip(table.column_names, table.columns)})
    return plain.to_pylist()


def test_dask_local_cluster_equals_local(schinnen, cases):
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    from interpreter.columnar.dask import evaluate_dask
    local = _rows(evaluate_table(schinnen, cases))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        frame = dd.from_pandas(cases.to_pandas(types_mapper=pd.ArrowDtype), npartitions=3)  # Arrow types kept
        result = evaluate_dask(schinnen, frame).compute()
    got = _rows(pa.Table.from_pandas(result, preserve_index=False))
    assert len(got) == N
    assert sum(r["aanspraak_op_ondersteuning"] is not None for r in local) > N // 2
    assert got == local


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (a JRE) and none is installed here; CI installs default-jre-headless")
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[1]").appName("grondslag-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    yield session
    session.stop()


def test_spark_local_session_equals_local(schinnen, cases, spark):
    from interpreter.columnar.spark import evaluate_spark
    local = _rows(evaluate_table(schinnen, cases))
    frame = spark.createDataFrame(cases.to_pandas()).coalesce(1)  # one partition: the order is kept
    result = evaluate_spark(schinnen, frame)
    got = _rows(result.toArrow()) if hasattr(result, "toArrow") else \
        _rows(pa.Table.from_pandas(result.toPandas(), preserve_index=False))
    assert len(got) == N
    assert [json.dumps(r, default=str, sort_keys=True) for r in got] == \
        [json.dumps(r, default=str, sort_keys=True) for r in local]


def test_spark_result_date_column(schinnen, spark):
    from interpreter.columnar.spark import evaluate_spark
    frame = spark.createDataFrame([("wwb", True)], "uitkering string, woont_in_gemeente boolean")
    row = evaluate_spark(schinnen, frame, date=dt.date(2010, 6, 1)).collect()[0]
    assert row["uitkeringsgerechtigde"] is True
    assert row["_date"] == dt.date(2010, 6, 1)

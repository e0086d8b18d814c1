"""Apache Spark: evaluate a Spark DataFrame of cases with DataFrame.mapInArrow.

    from pyspark.sql import SparkSession
    from interpreter import load
    from interpreter.columnar.spark import evaluate_spark

    spark = SparkSession.builder.master("local[*]").getOrCreate()
    schinnen = load("rules/schinnen")
    cases = spark.read.parquet("cases.parquet")
    results = evaluate_spark(schinnen, cases, date="2010-06-01")
    results.write.parquet("results.parquet")

Each Arrow record batch Spark hands over goes through Regulation.evaluate_table, so
every executor gives the answers the per-case engine gives. The result schema is
derived once, on the driver, from an evaluation of the first rows.
"""

from __future__ import annotations

import pyarrow as pa

from interpreter.columnar.table import evaluate_table


def _spark_schema(schema: pa.Schema):
    """A Spark schema for an Arrow schema (dictionary columns as their value type)."""
    from pyspark.sql.pandas.types import from_arrow_schema
    plain = pa.schema([pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
                       for f in schema])
    return from_arrow_schema(plain), plain


def evaluate_spark(regulation, cases, date=None, sample_rows: int = 1):
    """A Spark DataFrame: one row of decisions per case (the order within a partition is kept)."""
    first = cases.limit(sample_rows).toArrow() if hasattr(cases, "toArrow") else \
        pa.Table.from_pandas(cases.limit(sample_rows).toPandas(), preserve_index=False)
    schema, plain = _spark_schema(evaluate_table(regulation, first, date).schema)

    def run(batches):
        for batch in batches:
            result = evaluate_table(regulation, pa.Table.from_batches([batch]), date)
            yield from result.cast(plain, safe=False).to_batches()

    return cases.mapInArrow(run, schema)

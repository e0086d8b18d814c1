"""The columnar engine: a whole table of cases at once, on Apache Arrow and numpy.

A second backend over the same evaluation tree as the per-case engine (interpreter.tree).
Three-valued logic is a value array with a validity mask; the facts a value is missing
and the provisions a decision cites are bit sets per row. A row or a construct the
backend cannot represent exactly is evaluated by the per-case engine instead (a
fallback), so the answer is always the per-case answer. See docs/population.md.

Importing this package does not import pyarrow; using evaluate_table does.
"""

__all__ = ["evaluate_table", "fallback_count", "result_of_row"]


def __getattr__(name):
    if name in __all__:
        from interpreter.columnar import table
        return getattr(table, name)
    raise AttributeError(name)

"""Seeded Schinnen cases as an Arrow table, generated with numpy: 1M in about a second.

The same distribution as bench.schinnen_case (most facts given, about one in ten left
open, 0-3 children), in the natural Arrow types: date32, decimal128(12, 2) for money,
bool, string, list<struct<geboortedatum: date32>>.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EPOCH = dt.date(1970, 1, 1)


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


def schinnen_table(n: int, seed: int = 1) -> pa.Table:
    rng = np.random.default_rng(seed)

    def open_(arr):  # about one fact in ten left open
        return pa.array(arr, mask=rng.random(n) < 0.1)

    def flag(p):
        return open_(rng.random(n) < p)

    def choice(options, weights=None):
        idx = rng.choice(len(options), size=n, p=weights)
        return open_(np.array(options, dtype=object)[idx])

    peil = rng.integers(_days(dt.date(2004, 11, 1)), _days(dt.date(2014, 12, 31)), n)
    born = rng.integers(_days(dt.date(1940, 1, 1)), _days(dt.date(1995, 1, 1)), n)
    cents = rng.integers(0, 400000, n)
    words = np.zeros((n, 2), dtype=np.int64)
    words[:, 0] = cents  # decimal128: the unscaled integer, 128 bits little-endian
    income = pa.Array.from_buffers(pa.decimal128(12, 2), n, [None, pa.py_buffer(words.tobytes())])
    income = pc.if_else(pa.array(rng.random(n) < 0.1), pa.scalar(None, income.type), income)
    kids = rng.choice([0, 0, 1, 2, 3], size=n)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(kids, out=offsets[1:])
    parent = np.repeat(np.arange(n), kids)
    kid_days = peil[parent] - rng.integers(0, 20 * 365, len(parent))
    kid_struct = pa.StructArray.from_arrays([pa.array(kid_days.astype(np.int32)).cast(pa.date32())],
                                            names=["geboortedatum"])
    kinderen = pa.ListArray.from_arrays(pa.array(offsets), kid_struct, mask=pa.array(rng.random(n) < 0.1))
    cols = {
        "peildatum": pa.array(peil.astype(np.int32)).cast(pa.date32()),
        "geboortedatum": pa.array(born.astype(np.int32), mask=rng.random(n) < 0.1).cast(pa.date32()),
        "uitkering": choice(["wwb", "ioaw", "ioaz", "anw", "geen"], [3 / 8, 1 / 8, 1 / 8, 1 / 8, 2 / 8]),
        "ingeschreven_als_werkzoekende": flag(0.8),
        "woont_in_gemeente": flag(0.95),
        "gesubsidieerde_arbeid": flag(0.1),
        "gezinsinkomen": income,
        "voorliggende_voorziening_toereikend": flag(0.1),
        "ontheffing_arbeidsverplichting": choice(["geen", "gedeeltelijk", "volledig"], [0.5, 0.25, 0.25]),
        "voorziening_aangeboden": flag(0.6),
        "neemt_deel_aan_voorziening": flag(0.5),
        "verplichtingen_nagekomen": flag(0.85),
        "bijzondere_omstandigheden": flag(0.05),
        "kinderen": kinderen,
        "opvang_nodig_voor_traject": flag(0.3),
        "budgetplafond_bereikt": flag(0.05),
        "personenplafond_bereikt": flag(0.05),
        "arbeid_aanvaard_zonder_voorziening": flag(0.05),
        "voorziening_draagt_onvoldoende_bij": flag(0.05),
        "onjuiste_inlichtingen": flag(0.02),
        "onbillijkheid_van_overwegende_aard": flag(0.01),
    }
    return pa.table(cols)


def json_case(row: dict) -> dict:
    """A row of the table as the JSON case says it: dates as text, amounts as decimal strings."""
    case = {}
    for k, v in row.items():
        if v is None:
            continue
        if k == "kinderen":
            v = [{"geboortedatum": c["geboortedatum"].isoformat()} for c in v]
        elif hasattr(v, "isoformat"):
            v = v.isoformat()
        elif k == "gezinsinkomen":
            v = str(v)
        case[k] = v
    return case

"""Facts that cannot be true on the peildatum are input errors, not cases to decide.

A date of birth after the peildatum (of the person, or of a child in a list) describes
no person who exists on that date: deciding anything about it would give a confident
answer to a typo. It is refused as bad case input (exit 2), naming the field. A date of
birth is recognised by its name, `geboortedatum`, as a fact or as a field of a list; the
rule files of both regulations use that name, and docs/interface.md documents it.
"""

from __future__ import annotations

import datetime as dt

from dsl.i18n import msg
from interpreter.case import CaseError

BIRTH = "geboortedatum"


def check_possible(facts: dict, on: dt.date) -> None:
    """Raise CaseError for a date of birth after the peildatum `on`."""
    born = facts.get(BIRTH)
    if isinstance(born, dt.date) and born > on:
        raise CaseError(msg("{field}: {born} is after the peildatum {date}; a date of birth cannot lie in the "
                            "future of the decision", field=BIRTH, born=born.isoformat(), date=on.isoformat()), BIRTH)
    for name, value in facts.items():
        if not isinstance(value, list):
            continue
        for i, item in enumerate(value):
            b = item.get(BIRTH) if isinstance(item, dict) else None
            if isinstance(b, dt.date) and b > on:
                field = f"{name}[{i}].{BIRTH}"
                raise CaseError(msg("{field}: {born} is after the peildatum {date}; a child born after the date of "
                                    "the decision cannot be counted", field=field, born=b.isoformat(),
                                    date=on.isoformat()), field)

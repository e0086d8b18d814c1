"""Messages of the tools through a gettext catalogue (Babel), so that the language policy is a catalogue.

The source language of every message is English (docs/language-policy.md says why); a
translation is a catalogue in dsl/locale/LANG/LC_MESSAGES/grondslag.po, compiled to .mo.
GRONDSLAG_LANG chooses it (``GRONDSLAG_LANG=nl``); without it, messages are the source
text. Only GRONDSLAG_LANG counts, not LANG: a machine's locale must not change the
output that scripts and tests read. This module sits in dsl/ because both layers use it.

Use ``_("unknown name '{name}'").format(name=n)``: the message id keeps its placeholders,
so that a translator can move them.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

DOMAIN = "grondslag"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def language() -> str:
    return os.environ.get("GRONDSLAG_LANG", "").strip() or "en"


@functools.lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`, or no translation (the English source) when there is none."""
    from babel.support import Translations
    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


def _(message: str) -> str:
    """The message in the chosen language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)

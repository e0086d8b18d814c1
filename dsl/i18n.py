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

import contextlib
import contextvars
import functools
import gettext
import os
from pathlib import Path

DOMAIN = "grondslag"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


_SPEAKING: contextvars.ContextVar[str | None] = contextvars.ContextVar("grondslag_language", default=None)


def language() -> str:
    return _SPEAKING.get() or os.environ.get("GRONDSLAG_LANG", "").strip() or "en"


@contextlib.contextmanager
def speaking(lang: str):
    """Messages made inside the block speak `lang`, whatever GRONDSLAG_LANG says.

    For a Dutch report that receives finished strings from an engine (the columnar
    engine's _error column): the errors are made, and so rendered, in Dutch."""
    token = _SPEAKING.set(lang)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


@functools.lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`, or no translation (the English source) when there is none.

    Read with the standard library, not Babel (which only builds the catalogues): `grondslag --help`
    translates its texts, and must not pay for importing Babel."""
    return gettext.translation(DOMAIN, str(LOCALE_DIR), [lang], fallback=True)


def _(message: str) -> str:
    """The message in the chosen language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined (a table of words); _() translates it where used."""
    return message


def in_language(lang: str, message: str) -> str:
    """The message in a language chosen by the caller, not by GRONDSLAG_LANG (a Dutch report)."""
    return translations(lang).gettext(message)


class Message:
    """A message kept as its id and its values, rendered in a language when it is read.

    Case-input errors are read by the tools (in the tool language) and quoted in Dutch
    reports (the diff report, by policy Dutch): the error keeps ``msg(...)`` rather than
    a finished string, so that either can render it. A value that is itself a Message
    is rendered in the same language.
    """

    __slots__ = ("template", "params")

    def __init__(self, template: str, params: dict):
        self.template = template
        self.params = params

    def render(self, lang: str | None = None) -> str:
        lang = language() if lang is None else lang
        values = {k: (v.in_language(lang) if hasattr(v, "in_language") else v) for k, v in self.params.items()}
        return in_language(lang, self.template).format(**values)

    def in_language(self, lang: str) -> str:
        return self.render(lang)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"msg({self.template!r}, **{self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.template, self.params) == (other.template, other.params)

    def __hash__(self) -> int:
        return hash(self.template)


def msg(template: str, **params) -> Message:
    """A message to render later (extracted into the catalogue like _): msg("{field}: ...", field=f)."""
    return Message(template, params)


def render(text, lang: str | None = None) -> str:
    """A Message in `lang` (default: the tool language), or a plain string as it is."""
    return text.render(lang) if isinstance(text, Message) else str(text)


def joined(separator: str, parts) -> Message:
    """Messages and strings joined into one, each part rendered in the reader's language."""
    parts = list(parts)
    return Message(separator.join(f"{{p{i}}}" for i in range(len(parts))), {f"p{i}": p for i, p in enumerate(parts)})

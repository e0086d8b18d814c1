"""The service's settings: limits, CORS, and the rule folders, passed to every worker process."""

from __future__ import annotations

import json
import os

import attrs

ENV = "GRONDSLAG_SERVE_CONFIG"  # how `grondslag serve --workers N` hands the settings to its workers


@attrs.frozen
class Settings:
    """What an operator may set; the defaults suit a service on the same host as its callers."""

    rules: tuple[str, ...] = ()
    max_body: int = 10 * 1024 * 1024  # bytes of one request body (a case or a batch)
    max_batch: int = 10_000  # lines in one batch request
    time_limit: float = 10.0  # seconds for one request's evaluation
    cors_origins: tuple[str, ...] = ()  # empty: no CORS headers at all
    docs: bool = True  # the interactive documentation page at /v1/docs

    def to_json(self) -> str:
        return json.dumps(attrs.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Settings:
        d = json.loads(text)
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})

    @classmethod
    def from_environment(cls) -> Settings:
        return cls.from_json(os.environ[ENV])

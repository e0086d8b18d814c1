"""`grondslag serve`: the rules as a web service (see docs/service.md).

FastAPI and uvicorn are imported inside the command, so that `grondslag --help` and the
other commands stay fast and work without the `serve` extra.
"""

from __future__ import annotations

import os
import socket

import click

from dsl.i18n import N_, _
from interpreter.cli.common import EXIT_INPUT, command, fail, load_rules, option


@command("serve",
         help=N_("Serve regulations over HTTP (JSON, OpenAPI at /v1/openapi.json).\n\n"
                 "RULES are regulation folders (or .rules files), served under their folder name: rules/schinnen "
                 "as /v1/regelingen/schinnen. A folder of regulation folders (rules/) serves each of them."))
@click.argument("rules", nargs=-1, required=True, type=click.Path(exists=True))
@option("--host", default="127.0.0.1", show_default=True,
        help=N_("Address to listen on. The default answers only this machine; use 0.0.0.0 only behind a "
                "reverse proxy or firewall."))
@option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
        help=N_("Worker processes; each compiles the rules once at start-up."))
@option("--max-body", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
        help=N_("Largest request body in bytes (413 above it)."))
@option("--max-batch", type=click.IntRange(min=1), default=10_000, show_default=True,
        help=N_("Most lines in one batch request (413 above it)."))
@option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
        help=N_("Seconds one request may evaluate (503 past it; in a batch, the lines not reached get an "
                "error line)."))
@option("--cors-origin", "cors_origins", multiple=True,
        help=N_("An origin allowed to call the API from a browser (repeat for more). Without it: no CORS."))
@option("--root-path", default="", help=N_("The path prefix under which a reverse proxy serves the API."))
@option("--no-docs", is_flag=True, help=N_("Do not serve the interactive documentation page /v1/docs."))
def serve(rules, host, port, workers, max_body, max_batch, time_limit, cors_origins, root_path, no_docs):
    try:
        import uvicorn

        from interpreter.service.app import create_app
        from interpreter.service.catalog import CatalogError, build_catalog
        from interpreter.service.config import ENV, Settings
    except ImportError as exc:
        fail(_("serve needs the 'serve' extra ({name} is missing): pip install 'grondslag[serve]'").format(
                 name=exc.name), EXIT_INPUT)
    settings = Settings(tuple(str(r) for r in rules), max_body, max_batch, time_limit, tuple(cors_origins),
                        not no_docs)
    try:
        catalog = build_catalog(settings.rules, load_rules)  # rule errors: reported as by `check`, exit 1
    except CatalogError as exc:
        fail(str(exc), EXIT_INPUT)
    try:  # a clear message now, rather than uvicorn's exit 1 (which means: errors in the rule files)
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        fail(_("cannot listen on {host}:{port}: {reason}").format(host=host, port=port, reason=exc.strerror or exc),
             EXIT_INPUT)
    for s in catalog.served:
        click.echo(_("grondslag: serving {path} as /v1/regelingen/{id}").format(path=s.path, id=s.id), err=True)
    options = dict(host=host, port=port, root_path=root_path, log_level="info", server_header=False)
    if workers == 1:
        uvicorn.run(create_app(catalog, settings), **options)
    else:  # each worker process builds its own app from the settings
        os.environ[ENV] = settings.to_json()
        uvicorn.run("interpreter.service.app:app_from_environment", factory=True, workers=workers, **options)


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""
    main.add_command(serve)

"""The ASGI application: a thin, read-only layer over the Python API.

Rules are compiled once, when the app is made; every evaluation runs in a worker
thread under a time limit, so the event loop keeps answering (health checks too).
Bodies are built by the same functions as the CLI's output, so that the same
request always gives the same bytes, and the ETag is their digest.
"""

from __future__ import annotations

import gc
import hashlib
import time

import anyio
import attrs
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from starlette.exceptions import HTTPException

from dsl.i18n import N_, _
from interpreter import __version__
from interpreter.batch import encode, make_lines
from interpreter.case import CaseError, NoPeildatum, case_date, parse_date, parse_json
from interpreter.jsonlines import error_line, line_bytes
from interpreter.result import dumps
from interpreter.service.catalog import Catalog, Served, build_catalog, schema_of
from interpreter.service.config import Settings
from interpreter.service.openapi import API_VERSION, JSONL, JSONL_TYPES, openapi_document
from interpreter.service.problems import MEDIA_TYPE as PROBLEM, Problem

BATCH_CHUNK = 64  # lines evaluated per trip to the thread pool; each chunk is sent as soon as it is done
_STATUS_KIND = {400: "ongeldige-parameter", 404: "niet-gevonden", 405: "methode-niet-toegestaan",
                413: "te-groot", 415: "mediatype-niet-ondersteund"}


@attrs.frozen
class Service:
    """What the handlers share: the regulations, the settings, and the documents made at start-up."""

    catalog: Catalog
    settings: Settings
    openapi: bytes


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _respond(request: Request, body: bytes, status: int = 200, media_type: str = "application/json",
             headers: dict | None = None) -> Response:
    """A complete body with its ETag; a GET whose If-None-Match names it gets 304 and no body."""
    tag = etag(body)
    h = {"ETag": tag, "API-Version": API_VERSION, **(headers or {})}
    if status == 200 and request.method == "GET":
        wanted = request.headers.get("if-none-match", "")
        if tag in [t.strip().removeprefix("W/") for t in wanted.split(",")] or wanted.strip() == "*":
            return Response(status_code=304, headers=h)
    return Response(body, status_code=status, media_type=media_type, headers=h)


def _json(request: Request, data, status: int = 200, media_type: str = "application/json") -> Response:
    return _respond(request, line_bytes(dumps(data) + "\n"), status, media_type)


def _problem(request: Request, p: Problem) -> Response:
    return _respond(request, p.body(request.url.path), p.status, PROBLEM, p.headers)


def _served(service: Service, id: str) -> Served:
    s = service.catalog.get(id)
    if s is None:
        known = ", ".join(service.catalog.ids)
        raise Problem(404, "onbekende-regeling", _("no regulation '{id}' is served here; served: {known}").format(
                          id=id, known=known), "id", "path")
    return s


def _query(request: Request, allowed: tuple[str, ...]) -> dict:
    """The query parameters, each at most once; an unknown one is an error, so a typo never passes."""
    out = {}
    for name, value in request.query_params.multi_items():
        if name not in allowed:
            raise Problem(400, "ongeldige-parameter", _("unknown query parameter '{name}'; expected one of: {allowed}")
                          .format(name=name, allowed=", ".join(allowed)), name, "query")
        if name in out:
            raise Problem(400, "ongeldige-parameter", _("query parameter '{name}' is given twice").format(name=name),
                          name, "query")
        out[name] = value
    return out


def _date_param(query: dict):
    value = query.get("peildatum")
    if value is None:
        return None
    try:
        return parse_date(value, "peildatum")
    except CaseError as exc:
        raise Problem(400, "ongeldige-parameter", str(exc), "peildatum", "query") from None


def _choice_param(query: dict, name: str, options: tuple[str, ...]):
    value = query.get(name)
    if value is not None and value not in options:
        raise Problem(400, "ongeldige-parameter", _("{name}: expected one of {options}, got {value}").format(
                          name=name, options=", ".join(options), value=repr(value)), name, "query")
    return value


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _require_media_type(request: Request, accepted: tuple[str, ...]) -> None:
    got = _media_type(request)
    if got not in accepted:
        detail = (_("the body must be sent as Content-Type: {expected}, not {got}") if got
                  else _("the body must be sent as Content-Type: {expected} (no Content-Type was given)"))
        raise Problem(415, "mediatype-niet-ondersteund", detail.format(expected=accepted[0], got=got), "Content-Type",
                      "header")


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, or 413 as soon as it is known to exceed the limit (before reading it all)."""
    too_big = Problem(413, "te-groot", _("the body is larger than the limit of {limit} bytes; send less, or ask "
                                         "the operator to raise --max-body").format(limit=limit))
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def _off_loop(limit: float, fn, *args):
    """Run fn in the thread pool; past the time limit the client gets 503 (the thread finishes unheard)."""
    try:
        with anyio.fail_after(limit):
            return await anyio.to_thread.run_sync(fn, *args, abandon_on_cancel=True)
    except TimeoutError:
        raise Problem(503, "tijdslimiet", _("the evaluation took longer than the time limit of {limit} s").format(
                          limit=f"{limit:g}"), headers={"Retry-After": "1"}) from None


# A client of the service has no --date: it gives the date as the query parameter or in the case.
# (Message ids: read with _() where they are used.)
NO_PEILDATUM = N_("no peildatum: give the query parameter ?peildatum=YYYY-MM-DD or a \"peildatum\" field in the "
                  "case; a legal evaluation is never made 'as of today'")
NO_PEILDATUM_LINE = N_("no peildatum: give a \"peildatum\" field in this line's case, or the query parameter "
                       "?peildatum=YYYY-MM-DD for the whole batch; a legal evaluation is never made 'as of today'")


def _cli_no_peildatum() -> str:
    """The message the engine gives for a case without a date: the CLI's words, with --date."""
    try:
        case_date({}, None)
    except NoPeildatum as exc:
        return str(exc)
    raise AssertionError("case_date gave a date for a case without one")  # pragma: no cover


def _evaluate(served: Served, case, date, derivation: bool, explanation: str | None) -> bytes:
    """One case -> the response body: the bytes `grondslag eval --format json` prints, plus the motivation."""
    regulation = served.regulation
    try:
        result = regulation.evaluate(case, date)
    except NoPeildatum:
        raise Problem(422, "ongeldige-casus", _(NO_PEILDATUM), "peildatum", "body") from None
    except CaseError as exc:
        field = getattr(exc, "field", None)
        where = "query" if field == "peildatum" and date is not None else "body"  # ?peildatum= decided the date
        raise Problem(422, "ongeldige-casus", str(exc), field, where) from None
    except Exception as exc:  # noqa: BLE001 - a defect in grondslag: answer it, keep serving
        raise Problem(500, "interne-fout", _("internal error ({kind}: {problem}); please report it with this case")
                      .format(kind=type(exc).__name__, problem=exc)) from None
    if explanation is None:
        return line_bytes(result.to_json(derivation=derivation) + "\n")
    model = regulation.version_on(result.date).program.model
    if explanation == "html":
        from interpreter.motivation.html import render_html
        content = render_html(result, model)
    else:
        from interpreter.motivation.text import explain
        content = explain(result, model)
    data = result.to_dict(derivation)
    data["explanation"] = {"format": explanation, "content": content}
    return line_bytes(dumps(data) + "\n")


def _late(n: int, limit: float) -> bytes:
    return line_bytes(error_line(n, _("not evaluated: the time limit of {limit} s for this request was reached; "
                                      "send this line again").format(limit=f"{limit:g}")))


def _batch_chunk(evaluator, first: int, lines: list[bytes], deadline: float, limit: float) -> bytes:
    """Lines first.. of a batch -> their result lines, by the evaluator of `grondslag batch`."""
    out = []
    for n, raw in enumerate(lines, start=first):
        if time.monotonic() > deadline:
            out.append(_late(n, limit))
            continue
        ok, text = evaluator.line(n, raw)
        if not ok and text == line_bytes(error_line(n, _cli_no_peildatum())):  # the batch evaluator speaks to the CLI
            text = line_bytes(error_line(n, _(NO_PEILDATUM_LINE)))
        out.append(text)
    return encode(out)


def _warm_up(catalog: Catalog) -> None:
    """Compile each version for the batch fast path now, not in the first client's request."""
    from interpreter.codegen import compiled
    for s in catalog.served:
        for v in s.regulation.versions:
            compiled(v)


def create_app(catalog: Catalog, settings: Settings = Settings()) -> FastAPI:
    """The app for the regulations in catalog. FastAPI's own OpenAPI is off: ours is made from the rules."""
    service = Service(catalog, settings, line_bytes(dumps(openapi_document(catalog)) + "\n"))
    _warm_up(catalog)
    app = FastAPI(title="grondslag", version=API_VERSION, openapi_url=None, docs_url=None, redoc_url=None,
                  redirect_slashes=False)  # API design rules: no trailing slashes, not even redirected
    app.state.service = service
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "If-None-Match"], expose_headers=["ETag", "API-Version"])

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem):
        return _problem(request, exc)

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException):
        kind = _STATUS_KIND.get(exc.status_code, "ongeldige-parameter" if exc.status_code < 500 else "interne-fout")
        detail = {404: _("no resource at {path}; the API is under /v1 (see /v1/openapi.json)"),
                  405: _("{method} is not allowed on {path}; this service is read-only")}.get(exc.status_code)
        detail = (detail.format(path=request.url.path, method=request.method) if detail is not None
                  else str(exc.detail))
        return _problem(request, Problem(exc.status_code, kind, detail, headers=dict(exc.headers or {})))

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError):
        return _problem(request, Problem(400, "ongeldige-parameter", _("the request is not valid")))

    @app.exception_handler(Exception)
    async def on_defect(request: Request, exc: Exception):  # the process survives, the client gets one line
        return _problem(request, Problem(500, "interne-fout", _("internal error ({kind}); please report it with "
                                                                 "the request").format(kind=type(exc).__name__)))

    @app.get("/v1/health", include_in_schema=False)
    async def health(request: Request):
        return _json(request, {"status": "pass", "grondslag": __version__, "regelingen": catalog.ids}, 200,
                     "application/health+json")

    @app.get("/v1/openapi.json", include_in_schema=False)
    async def openapi(request: Request):
        return _respond(request, service.openapi)

    if settings.docs:
        from interpreter.service import docs_page

        @app.get("/v1/docs", include_in_schema=False)
        async def docs(request: Request):
            root = request.scope.get("root_path", "")
            text, _interactive = docs_page.page(f"{root}/v1/openapi.json", f"{root}/v1/docs")
            return _respond(request, text.encode("utf-8"), media_type="text/html; charset=utf-8")

        @app.get("/v1/docs/{name}", include_in_schema=False)
        async def docs_asset(name: str, request: Request):
            body = docs_page.asset(name)
            if body is None:
                raise HTTPException(404)
            return _respond(request, body, media_type=docs_page.ASSETS[name],
                            headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/v1/regelingen", include_in_schema=False)
    async def regelingen(request: Request):
        _query(request, ())
        base = request.scope.get("root_path", "") + "/v1"
        return _json(request, [s.summary(base) for s in catalog.served])

    @app.get("/v1/regelingen/{id}", include_in_schema=False)
    async def regeling(id: str, request: Request):
        served = _served(service, id)
        _query(request, ())
        return _json(request, served.detail(request.scope.get("root_path", "") + "/v1"))

    @app.get("/v1/regelingen/{id}/schema", include_in_schema=False)
    async def schema(id: str, request: Request):
        served = _served(service, id)
        date = _date_param(_query(request, ("peildatum",)))
        try:
            version = served.version_for_schema(date)
        except CaseError as exc:
            raise Problem(422, "ongeldige-casus", str(exc), "peildatum", "query") from None
        return _json(request, schema_of(version))

    @app.post("/v1/regelingen/{id}/evaluaties", include_in_schema=False)
    async def evaluaties(id: str, request: Request):
        served = _served(service, id)
        query = _query(request, ("peildatum", "uitleg", "afleiding"))
        date = _date_param(query)
        explanation = _choice_param(query, "uitleg", ("tekst", "html"))
        derivation = _choice_param(query, "afleiding", ("true", "false")) == "true"
        _require_media_type(request, ("application/json",))
        raw = await _read_body(request, settings.max_body)
        try:
            case = parse_json(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise Problem(400, "ongeldige-json", _("the body is not UTF-8 text ({reason})").format(reason=exc.reason)) \
                from None
        except CaseError as exc:
            raise Problem(400, "ongeldige-json", str(exc), exc.field) from None
        body = await _off_loop(settings.time_limit, _evaluate, served, case, date, derivation, explanation)
        return _respond(request, body)

    @app.post("/v1/regelingen/{id}/evaluaties/batch", include_in_schema=False)
    async def batch(id: str, request: Request):
        served = _served(service, id)
        query = _query(request, ("peildatum", "afleiding"))
        date = _date_param(query)
        derivation = _choice_param(query, "afleiding", ("true", "false")) == "true"
        _require_media_type(request, JSONL_TYPES)
        raw = await _read_body(request, settings.max_body)
        lines = raw.split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # the newline that ends the last line does not start another
        if len(lines) > settings.max_batch:
            raise Problem(413, "te-groot", _("the batch holds {n} lines; at most {limit} are evaluated in one request: "
                                             "split it").format(n=len(lines), limit=settings.max_batch))
        limit = settings.time_limit
        deadline = time.monotonic() + limit
        evaluator = make_lines(served.regulation, date, derivation)  # used by this request only

        async def results():
            for start in range(0, len(lines), BATCH_CHUNK):
                chunk = lines[start:start + BATCH_CHUNK]
                try:  # the thread checks the deadline before each line; this catches one line that hangs
                    with anyio.fail_after(max(deadline - time.monotonic(), 0) + 1):
                        done = await anyio.to_thread.run_sync(_batch_chunk, evaluator, start + 1, chunk, deadline,
                                                              limit, abandon_on_cancel=True)
                except TimeoutError:
                    done = encode([_late(n, limit) for n in range(start + 1, start + 1 + len(chunk))])
                yield done  # outside the cancel scope: never yield inside one

        return StreamingResponse(results(), media_type=JSONL, headers={"API-Version": API_VERSION})

    return app


def app_from_environment() -> FastAPI:
    """The app factory each uvicorn worker calls (`--workers N`): settings come from the environment."""
    settings = Settings.from_environment()
    catalog = build_catalog(settings.rules)
    gc.freeze()  # the compiled rules live as long as the worker: keep the collector from scanning them
    return create_app(catalog, settings)

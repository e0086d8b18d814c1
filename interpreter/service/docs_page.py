"""The interactive documentation page /v1/docs (Swagger UI), served without the internet.

FastAPI's page loads Swagger UI from a CDN; a municipal network (or this machine) often has
no way out. The package fastapi-offline (in the `serve` extra) ships Swagger UI's script and
style sheet; the service serves them itself, under /v1/docs/. Without that package the page
says so and points at the OpenAPI document, instead of a blank page waiting for a CDN.
"""

from __future__ import annotations

import functools
import html

# The files the page needs, by the name they are served under -> media type.
ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
          "favicon.png": "image/png"}
PACKAGE = "fastapi-offline"


@functools.lru_cache(maxsize=len(ASSETS))
def asset(name: str) -> bytes | None:
    """The bytes of one file of the page, or None when it is not one of them or cannot be found."""
    if name not in ASSETS:
        return None
    try:
        from importlib.resources import files
        return (files("fastapi_offline") / "static" / name).read_bytes()
    except (ImportError, OSError):
        return None


def available() -> bool:
    return all(asset(name) is not None for name in ASSETS)


def page(openapi_url: str, assets_url: str) -> tuple[str, bool]:
    """The HTML of /v1/docs and whether it is the interactive page (else: the note that says why not)."""
    if available():
        from fastapi.openapi.docs import get_swagger_ui_html
        response = get_swagger_ui_html(
            openapi_url=openapi_url, title="grondslag API", swagger_js_url=f"{assets_url}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets_url}/swagger-ui.css", swagger_favicon_url=f"{assets_url}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None})  # the validator badge would call swagger.io
        return bytes(response.body).decode("utf-8"), True
    url = html.escape(openapi_url)
    return (f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>grondslag API</title></head>
<body>
<h1>grondslag API</h1>
<p>De interactieve documentatie (Swagger UI) is op deze server niet beschikbaar: het pakket
<code>{PACKAGE}</code>, dat de bestanden van de pagina levert, is niet geïnstalleerd
(<code>pip install 'grondslag[serve]'</code>). De pagina laadt niets van internet.</p>
<p>Het OpenAPI-document staat op <a href="{url}">{url}</a>.</p>
</body></html>
""", False)

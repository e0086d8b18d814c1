"""grondslag as a web service: the rules over HTTP, with an OpenAPI contract made from the rules.

A tool package: it uses the engine (interpreter.api) and interpreter.motivation, and the
engine never imports it. FastAPI is imported only here, so the rest of grondslag runs without it.
"""

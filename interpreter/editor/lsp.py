"""The grondslag language server (pygls): check's diagnostics as you type, hover, definition, completion.

An editor starts it with ``grondslag lsp`` (or ``python -m interpreter.editor.lsp``)
and speaks the Language Server Protocol over standard input and output.

A rule file is never checked alone: the files of one folder are one version of
a regulation, so every change parses and checks the whole folder, with the
text of open editor buffers in place of the files on disk, and publishes the
diagnostics of every file in it (an edit in one article can break another).

Hover, definition and completion read the syntax trees, not the checked
model, so that they keep working while the drafter is in the middle of an
edit that does not type-check yet.

Positions: the protocol counts UTF-16 code units, the parser code points; they
differ only for characters outside the Basic Multilingual Plane (emoji), which
rule files do not use.
"""

from __future__ import annotations

import asyncio
import re
import sys
import threading
from pathlib import Path

import attrs
from lsprotocol import types as L
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from dsl import limits, sourcefile
from dsl import syntax as S
from dsl.checker import check_version, natural_key
from dsl.citation import Citation, citation_of
from dsl.diagnostics import Diagnostic, error
from dsl.formatter import FormatError, bounds_text, flat, format_source
from dsl.i18n import _
from dsl.parser import parse
from dsl.types import from_syntax
from interpreter import __version__
from interpreter.editor import guard

_WORD = re.compile(r"[^\W\d]\w*")
DEBOUNCE = 0.25  # seconds of quiet after a keystroke before the folder is checked again


# ------------------------------------------------------------------ symbols


@attrs.frozen
class Symbol:
    """A declared name as the editor shows it: what it is, where, and the law behind it."""

    name: str
    kind: str  # "feit" | "oordeel" | "beslissing" | "begrip" | "tabel"
    type: str  # for a begrip: its expression
    description: str | None
    span: S.Span
    provision: str | None  # "artikel 4, eerste lid", or None for a declaration in the preamble
    law_text: str | None  # the text of that provision (or of the nearest one above it that has text)
    decided_in: tuple[str, ...] = ()  # for a decision: the provisions whose rules give its value
    used_in: tuple[str, ...] = ()  # the provisions whose rules or definitions read it
    display: str | None = None  # 'heet "Anw-er"': the name as people read it

    def signature(self) -> str:
        """The declaration as it reads in a rule file: 'feit gezinsinkomen: bedrag per maand'."""
        if self.kind == "begrip":
            return f"begrip {self.name} is {self.type}"
        if self.kind == "wettelijke waarde":
            return f"wettelijke waarde {self.name} is {self.type}"
        shown = f' heet "{self.display}"' if self.display else ""
        return f"{self.kind} {self.name}{shown}: {self.type}"

    def hover(self) -> str:
        """Markdown for a hover: declaration, description, judgement or not, law text."""
        lines = [f"```rules\n{self.signature()}\n```"]
        if self.kind == "oordeel":
            lines.append("*" + _("A judgement of the college (oordeel): the case states it, the regulation does not "
                                 "compute it.") + "*")
        elif self.kind == "feit":
            lines.append("*" + _("A fact of the case (feit).") + "*")
        elif self.kind == "beslissing":
            lines.append("*" + _("A decision of the regulation (beslissing).") + "*")
        elif self.kind == "begrip":
            lines.append("*" + _("A begrip: computed where it is used, cited where it stands.") + "*")
        elif self.kind == "tabel":
            lines.append("*" + _("A table (tabel): a value that changes over time.") + "*")
        elif self.kind == "wettelijke waarde":
            lines.append("*" + _("A value fixed by a statute (wettelijke waarde): a rule whose value uses it cites "
                                 "the statute's provision beside its own.") + "*")
        if self.description:
            lines.append(self.description)
        if self.decided_in:
            lines.append(_("Decided in: {provisions}.").format(provisions="; ".join(self.decided_in)))
        if self.used_in:
            lines.append(_("Used in: {provisions}.").format(provisions="; ".join(self.used_in)))
        if self.provision:
            text = f"**{self.provision}**"
            if self.law_text:
                text += "\n\n" + "\n".join(f"> {ln}" if ln else ">" for ln in self.law_text.splitlines())
            lines.append(text)
        return "\n\n".join(lines)


def _citation(parents: tuple[S.Provision, ...]) -> Citation | None:
    return citation_of(parents) if parents else None


def _type_text(t) -> str:
    try:
        return from_syntax(t).describe()
    except Exception:  # noqa: BLE001 - a half-typed declaration still gets a hover
        return "?"


def symbols(trees: list[S.RulesFile]) -> dict[str, Symbol]:
    """Every declared name in the files of one version, from their syntax trees."""
    found: dict[str, Symbol] = {}
    decided: dict[str, list[str]] = {}

    def declare(d, parents):
        cit = _citation(parents)
        text = next((p.text for p in reversed(parents) if p.text), None)
        if isinstance(d, S.FactDecl):
            kind, typ = ("oordeel" if d.judgement else "feit"), _type_text(d.type) + bounds_text(d.bounds)
        elif isinstance(d, S.DecisionDecl):
            kind, typ = "beslissing", _type_text(d.type)
        elif isinstance(d, S.DefinitionDecl):
            kind, typ = "begrip", flat(d.expr)
        elif isinstance(d, S.TableDecl):
            kind, typ = "tabel", _type_text(d.type)
        elif isinstance(d, S.StatutoryValue):
            kind = "wettelijke waarde"
            typ = (f'{d.value.raw} volgens "{d.law}" {d.bwb} artikel {d.article}'
                   + (f" lid {d.paragraph}" if d.paragraph is not None else "")
                   + (f" onder {d.item}" if d.item is not None else ""))
        else:
            return
        found.setdefault(d.name, Symbol(d.name, kind, typ, d.description, d.span, cit.label if cit else None,
                                        text, display=getattr(d, "display", None)))

    used: dict[str, list[str]] = {}
    texts: dict[str, str] = {}  # provision label -> its law text (or that of the nearest provision above)

    def note(table, name, label):
        if label not in table.setdefault(name, []):
            table[name].append(label)

    for tree in trees:
        for d in tree.declarations:
            declare(d, ())
        for prov, parents in S.walk_provisions(tree.provisions):
            chain = parents + (prov,)
            cit = _citation(chain)
            label = cit.label if cit else "de regeling"
            text = next((p.text for p in reversed(chain) if p.text), None)
            if text:
                texts.setdefault(label, text)
            for stmt in prov.body:
                declare(stmt, chain)
                if isinstance(stmt, (S.Rule, S.DefaultRule, S.Consideration)):
                    suffix = ""
                    if isinstance(stmt, S.DefaultRule):
                        suffix = " (in alle andere gevallen)"
                    elif isinstance(stmt, S.Rule) and stmt.exceptions:
                        suffix = " (uitzondering)"
                    note(decided, stmt.target, label + suffix)
                exprs = [getattr(stmt, a, None) for a in ("value", "condition", "otherwise", "expr")]
                for e in exprs:
                    for sub in (S.iter_expr(e) if e is not None else ()):
                        if isinstance(sub, S.Name):
                            note(used, sub.id, label)
    out = {}
    for n, sym in found.items():
        sym = attrs.evolve(sym, decided_in=tuple(decided.get(n, ())) if sym.kind == "beslissing" else (),
                           used_in=tuple(used.get(n, ())))
        if sym.provision is None and sym.used_in:  # declared in the preamble: show the law that uses it
            first = sym.used_in[0]
            sym = attrs.evolve(sym, provision=_("{provision} (where it is used)").format(provision=first),
                               law_text=texts.get(first))
        out[n] = sym
    return out


# ------------------------------------------------------------------ analysis


@attrs.frozen
class Analysis:
    """One version folder, parsed and checked: diagnostics per file and the declared names."""

    files: tuple[str, ...]
    diagnostics: dict[str, list[Diagnostic]]
    symbols: dict[str, Symbol]


def analyse(folder: Path, buffers: dict[str, str]) -> Analysis:
    """Parse and check the .rules files of folder, reading open buffers instead of the disk."""
    sources: dict[str, str] = {}
    for p in folder.glob("*.rules"):
        text, problem = sourcefile.read(p)  # as check: a byte order mark is fine, a folder is skipped
        if problem is None:
            sources[str(p)] = text
    for path, text in buffers.items():
        if Path(path).parent == folder:
            sources[path] = text[1:] if text.startswith("\ufeff") else text
    paths = sorted(sources, key=natural_key)
    trees, diagnostics = [], []
    for path in paths:
        too_big = limits.size_diagnostic(path, len(sources[path].encode("utf-8", "replace")))
        if too_big is not None:  # as 'grondslag check': a file over the limit is not parsed
            diagnostics.append(too_big)
            continue
        tree, diags = parse(sources[path], path)
        trees.append(tree)
        diagnostics.extend(diags)
    if trees and not any(d.is_error for d in diagnostics):  # as 'grondslag check': types once the syntax is right
        try:
            _model, diags = check_version(trees)  # '_' is the catalogue here
        except Exception as exc:  # noqa: BLE001 - a checker bug must not stop the server mid-edit
            diags = [error(_("internal error in the checker: {problem}").format(problem=repr(exc)),
                           S.Span(paths[0], 1, 1, 1, 1))]
        diagnostics.extend(diags)
    per_file: dict[str, list[Diagnostic]] = {p: [] for p in paths}
    for d in diagnostics:
        per_file.setdefault(d.span.file, []).append(d)
    return Analysis(tuple(paths), per_file, symbols(trees))


def to_lsp_diagnostic(d: Diagnostic) -> L.Diagnostic:
    s = d.span
    start = L.Position(max(s.line - 1, 0), max(s.column - 1, 0))
    end = L.Position(max(s.end_line - 1, 0), max(s.end_column - 1, 0))
    if (end.line, end.character) <= (start.line, start.character):
        end = L.Position(start.line, start.character + 1)
    severity = L.DiagnosticSeverity.Error if d.is_error else L.DiagnosticSeverity.Warning
    message = d.message + (f" ({d.hint})" if d.hint else "")
    return L.Diagnostic(range=L.Range(start, end), message=message, severity=severity, source="grondslag")


def _range(span: S.Span) -> L.Range:
    return L.Range(L.Position(span.line - 1, span.column - 1), L.Position(span.end_line - 1, span.end_column - 1))


def word_at(line: str, character: int) -> str | None:
    for m in _WORD.finditer(line):
        if m.start() <= character <= m.end():
            return m.group(0)
    return None


# ------------------------------------------------------------------ server


class RulesLanguageServer(LanguageServer):
    """Keeps the latest analysis of each version folder that has an open file."""

    def __init__(self):
        super().__init__("grondslag", __version__, text_document_sync_kind=L.TextDocumentSyncKind.Full)
        self.analyses: dict[Path, Analysis] = {}
        self.edits: dict[Path, int] = {}  # per folder: the number of the latest edit
        self.running: set[Path] = set()  # folders being analysed in a worker thread

    def buffers(self) -> dict[str, str]:
        out = {}
        for uri, doc in self.workspace.text_documents.items():
            path = to_fs_path(uri)
            if path and path.endswith(".rules"):
                out[str(Path(path))] = doc.source
        return out

    def refresh(self, uri: str) -> Analysis | None:
        path = to_fs_path(uri)
        if not path:
            return None
        folder = Path(path).parent
        analysis = analyse(folder, self.buffers())
        self.publish(folder, analysis)
        return analysis

    async def refresh_soon(self, uri: str) -> None:
        """Re-check after a pause in typing, off the event loop, so that a large document never
        blocks hover or completion; an analysis overtaken by a newer edit is dropped (stale)."""
        path = to_fs_path(uri)
        if not path:
            return
        folder = Path(path).parent
        ticket = self.edits[folder] = self.edits.get(folder, 0) + 1
        await asyncio.sleep(DEBOUNCE)
        if self.edits[folder] != ticket:
            return  # a newer edit came: its own refresh will run
        while folder in self.running:  # one analysis of a folder at a time
            await asyncio.sleep(DEBOUNCE)
            if self.edits[folder] != ticket:
                return
        self.running.add(folder)
        try:
            analysis = await _in_daemon_thread(analyse, folder, self.buffers())
        finally:
            self.running.discard(folder)
        if self.edits[folder] == ticket:
            self.publish(folder, analysis)

    def publish(self, folder: Path, analysis: Analysis) -> None:
        self.analyses[folder] = analysis
        for file in analysis.files:
            self.text_document_publish_diagnostics(L.PublishDiagnosticsParams(
                uri=from_fs_path(file),
                diagnostics=[to_lsp_diagnostic(d) for d in analysis.diagnostics.get(file, [])]))

    def analysis_for(self, uri: str) -> Analysis | None:
        path = to_fs_path(uri)
        if not path:
            return None
        return self.analyses.get(Path(path).parent) or self.refresh(uri)

    def symbol_at(self, uri: str, position: L.Position) -> Symbol | None:
        analysis = self.analysis_for(uri)
        if analysis is None:
            return None
        lines = self.workspace.get_text_document(uri).lines
        if position.line >= len(lines):
            return None
        word = word_at(lines[position.line], position.character)
        return analysis.symbols.get(word) if word else None


def _in_daemon_thread(fn, *args) -> asyncio.Future:
    """fn(*args) in a thread that never holds up 'exit' (asyncio.to_thread's threads are joined)."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def work():
        try:
            outcome, value = True, fn(*args)
        except Exception as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            outcome, value = False, exc
        try:
            loop.call_soon_threadsafe(_settle, future, outcome, value)
        except RuntimeError:  # the server has stopped meanwhile
            pass

    threading.Thread(target=work, daemon=True).start()
    return future


def _settle(future: asyncio.Future, ok: bool, value) -> None:
    if not future.done():
        future.set_result(value) if ok else future.set_exception(value)


def create_server() -> RulesLanguageServer:
    """A new server with its features; each editor session gets its own."""
    server = RulesLanguageServer()

    @server.feature(L.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: RulesLanguageServer, params: L.DidOpenTextDocumentParams):
        await ls.refresh_soon(params.text_document.uri)

    @server.feature(L.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: RulesLanguageServer, params: L.DidChangeTextDocumentParams):
        await ls.refresh_soon(params.text_document.uri)

    @server.feature(guard.INVALID_PARAMS)
    def invalid_params(ls: RulesLanguageServer, params):
        """A request whose params did not fit its method (see guard.py): answer it with an error."""
        raise JsonRpcInvalidParams(message=str(getattr(params, "message", None) or _("invalid params")))

    @server.feature(L.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: RulesLanguageServer, params: L.DidSaveTextDocumentParams):
        await ls.refresh_soon(params.text_document.uri)

    @server.feature(L.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RulesLanguageServer, params: L.DidCloseTextDocumentParams):
        ls.refresh(params.text_document.uri)  # the file on disk counts again

    @server.feature(L.TEXT_DOCUMENT_HOVER)
    def hover(ls: RulesLanguageServer, params: L.HoverParams) -> L.Hover | None:
        sym = ls.symbol_at(params.text_document.uri, params.position)
        if sym is None:
            return None
        return L.Hover(contents=L.MarkupContent(kind=L.MarkupKind.Markdown, value=sym.hover()))

    @server.feature(L.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: RulesLanguageServer, params: L.DefinitionParams) -> L.Location | None:
        sym = ls.symbol_at(params.text_document.uri, params.position)
        if sym is None:
            return None
        return L.Location(uri=from_fs_path(sym.span.file), range=_range(sym.span))

    @server.feature(L.TEXT_DOCUMENT_COMPLETION)
    def completion(ls: RulesLanguageServer, params: L.CompletionParams) -> L.CompletionList:
        from interpreter.editor.completion import complete  # keywords and names, by where the cursor is
        analysis = ls.analysis_for(params.text_document.uri)
        try:
            source = ls.workspace.get_text_document(params.text_document.uri).source
        except (OSError, UnicodeDecodeError):  # not open and not readable: completed as an empty file
            source = ""
        return complete(source, params.position, analysis.symbols if analysis else {})

    @server.feature(L.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: RulesLanguageServer, params: L.DocumentFormattingParams) -> list[L.TextEdit] | None:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        try:
            text = format_source(doc.source, to_fs_path(params.text_document.uri) or "<buffer>")
        except FormatError:
            return None  # the diagnostics already show the syntax error
        if text == doc.source:
            return []
        end = L.Position(len(doc.lines), 0)
        return [L.TextEdit(range=L.Range(L.Position(0, 0), end), new_text=text)]

    return server


def serve() -> None:
    """Speak the protocol over standard input and output until the editor says exit."""
    server = create_server()
    server.start_io(stdin=guard.Guard(sys.stdin.buffer, server.protocol.structure_message))


if __name__ == "__main__":
    serve()

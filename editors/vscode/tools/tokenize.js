// Tokenize rule files with the TextMate grammar, as VS Code does (vscode-textmate + vscode-oniguruma).
// usage: NODE_PATH=DIR/node_modules node tokenize.js GRAMMAR.json FILE... -> JSON [[scopes, text], ...]
// Used by tests/test_highlight.py when node and these two packages are available.
const fs = require('fs'), path = require('path');
const vsctm = require('vscode-textmate'), oniguruma = require('vscode-oniguruma');
const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
const onigLib = oniguruma.loadWASM(wasm).then(() => ({
  createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s)}));
const registry = new vsctm.Registry({ onigLib, loadGrammar: async () =>
  vsctm.parseRawGrammar(fs.readFileSync(process.argv[2]).toString(), process.argv[2]) });
registry.loadGrammar('source.rules').then(g => {
  const out = [];
  for (const file of process.argv.slice(3)) {
    let stack = vsctm.INITIAL;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (const line of lines) {
      const r = g.tokenizeLine(line, stack);
      for (const t of r.tokens) out.push([t.scopes.slice(1).join(' '), line.substring(t.startIndex, t.endIndex)]);
      stack = r.ruleStack;
    }
  }
  console.log(JSON.stringify(out));
});

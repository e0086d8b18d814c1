// Starts 'grondslag lsp' for .rules files: diagnostics as you type, hover, go to definition,
// completion and formatting. The highlighting needs no code: it is the TextMate grammar in syntaxes/.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('grondslag');
  const command = config.get('command', 'grondslag');
  const serverOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = { documentSelector: [{ scheme: 'file', language: 'grondslag-rules' }] };
  client = new LanguageClient('grondslag', 'grondslag rules', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

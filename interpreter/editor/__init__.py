"""Tools for editors: the language server."""

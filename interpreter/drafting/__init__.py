"""Tools for drafters: running worked examples (voorbeelden) and measuring coverage."""

"""Tools for reviewers: what a rule change changes (diff) and how decisions depend on each other (graph)."""

"""The Dutch motivation of a result: as text for a letter, and as a self-contained HTML report."""

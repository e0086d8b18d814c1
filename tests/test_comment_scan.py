"""The scan for # comments (dsl.parser._comments) knows where strings begin and end.

The oracle is the plain character-by-character scan the parser used before it used one
regular expression (with positions counted from the start of the text): over generated texts of quotes, backslashes, hashes and line ends,
both find the same comments at the same lines and columns.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dsl.parser import _comments


def scan(source: str) -> list[tuple[str, int, int]]:
    out = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if source.startswith('"""', i):
            end = source.find('"""', i + 3)
            i = n if end < 0 else end + 3
        elif ch == '"':
            i += 1
            while i < n and source[i] not in '"\n':
                i += 2 if source[i] == "\\" else 1
            i += 1 if i < n and source[i] == '"' else 0
        elif ch == "#":
            end = source.find("\n", i)
            end = n if end < 0 else end
            # the position counted from the start (the old scan's own count missed a line end
            # that a backslash in a one-line string stepped over)
            out.append((source[i:end], source.count("\n", 0, i) + 1, i - (source.rfind("\n", 0, i) + 1) + 1))
            i = end
        else:
            i += 1
    return out


@settings(max_examples=400, deadline=None)
@example('"\\\n"#')  # a backslash steps over a line end inside a one-line string
@given(st.lists(st.sampled_from(['"', '"""', "\\", "#", "\n", "a", " ", "# x", "é", '\\"']), max_size=40).map("".join))
def test_the_comments_are_those_of_a_character_by_character_scan(source):
    assert [(c.text, c.line, c.column) for c in _comments(source)] == scan(source)


def test_a_hash_inside_law_text_or_a_string_is_no_comment():
    source = 'lid 1 """tekst # geen commentaar\n"""  # wel\nx = "a # b" # ook\n'
    assert [(c.text, c.line, c.column) for c in _comments(source)] == [("# wel", 2, 6), ("# ook", 3, 13)]

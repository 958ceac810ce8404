"""The text toolbox every check and component reads a page's body with: where code, comments,
macros and headings are, a place's line and column, and text blanked out so offsets still hold.

A page's body is Markdown with mkdocs-macros' Jinja in it; none of this needs MkDocs."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

from macros.core.page import Page

CALL = re.compile(r"\{\{(.*?)\}\}", re.S)
STATEMENT = re.compile(r"\{%.*?%\}", re.S)
RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)  # within a paragraph
# An HTML comment as browsers end it: `<!-->` and `<!--->` end at once, and `--!>` ends one too
# (so what follows is live HTML, not a comment).
COMMENT = re.compile(r"<!---?>|<!--.*?--!?>", re.S)
HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)


def line_at(page: Page, offset: int) -> int:
    """The line (counted in the file) of `offset` in the page's body."""
    return page.body_line + bisect.bisect_left(page.newlines(), offset)


def blank(match: re.Match) -> str:
    """The match as spaces, keeping its line breaks, so offsets and line numbers still hold."""
    return re.sub(r"[^\n]", " ", match.group())


@functools.lru_cache(maxsize=1024)  # by the text: each page's body is masked by ten checks or so
def masked(body: str, macros: bool = False) -> str:
    """The body with code (fenced and inline) and HTML comments blanked out: Markdown shows
    code as text, so it can neither link nor run. With `macros`, macro calls and statements
    (`{% set … %}`) go too."""
    text = COMMENT.sub(blank, CODE_SPAN.sub(blank, FENCE.sub(blank, body)))
    return STATEMENT.sub(blank, CALL.sub(blank, RAW.sub(blank, text))) if macros else text


def column(text: str, offset: int) -> int:
    """The 1-based column of `offset` in `text`."""
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def offset_of_line(page: Page, line: int) -> int:
    """Where line `line` of the page (counted in the file) starts in its body."""
    before = line - page.body_line  # line breaks before it
    if before <= 0:
        return 0
    newlines = page.newlines()
    return newlines[before - 1] + 1 if before <= len(newlines) else len(page.body)


def without_fences(body: str) -> str:
    """The body with each fenced code block cut to its line breaks: a `# ` inside one is code."""
    return FENCE.sub(lambda m: "\n" * m.group().count("\n"), body)


def section_headings(page: Page, text: str | None = None) -> list[tuple[int, str]]:
    """(line, heading) of every `## ` heading of the page (read in `text`, its masked body unless
    given), in order."""
    text = masked(page.body) if text is None else text
    return [(line_at(page, m.start()), m.group(1).strip()) for m in HEADING.finditer(text)]


def section_at(headings: list[tuple[int, str]], place: int, default: str | None = None) -> str | None:
    """The heading of the section `place` is in: the last of `headings` (place, heading) that
    starts before it, or `default` before the first."""
    return next((title for start, title in reversed(headings) if start < place), default)


def quoted(sentence: str, words: int = 12) -> str:
    """The sentence in quotes, its middle cut out (…) when it is long."""
    found = sentence.split()
    if len(found) > words:
        found = found[: words - 4] + ["…"] + found[-4:]
    return "“" + " ".join(found) + "”"


# Letters that Unicode does not split into a plain letter and an accent: written out, so that
# "Łódź" keeps its first letter in a web address ("lodz"), as NFKD alone would drop it.
_OWN_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
                              "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
                              "ð": "d", "Ð": "D"})


def file_slug(name: str) -> str:
    """The file name for a title: "Foam roller on the floor" -> "foam-roller-on-the-floor"."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(_OWN_LETTERS)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")

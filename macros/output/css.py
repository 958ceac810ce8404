"""One scanner of CSS text for the steps that cut stylesheets after the build (bundle.py's
palette trim, purge.py): top-level blocks, where a block or a string ends, and lists split
outside brackets and quotes. Quotes, comments and nesting are respected; nothing is parsed
further, so what is kept is kept byte for byte."""

from __future__ import annotations

from collections.abc import Iterator


def blocks(css: str) -> Iterator[tuple[str, str | None]]:
    """Top-level parts of `css`: (prelude, body) for a block, (statement, None) for an
    `@import`-like statement. Quotes and parentheses are respected."""
    i, start, n = 0, 0, len(css)
    while i < n:
        c = css[i]
        if c in "\"'":
            i = string_end(css, i)
            continue
        if c == "/" and css.startswith("/*", i):
            i = css.find("*/", i + 2)
            i = n if i < 0 else i + 2
            continue
        if c == ";":
            yield css[start:i + 1], None
            start = i + 1
        elif c == "{":
            end = block_end(css, i)
            yield css[start:i], css[i + 1:end]
            i = start = end + 1
            continue
        i += 1
    if css[start:].strip():
        yield css[start:], None


def string_end(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def block_end(css: str, i: int) -> int:
    """The index of the `}` that closes the `{` at i."""
    depth = 0
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = string_end(css, i)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(css)


def split_top(text: str, separator: str) -> list[str]:
    """`text` split at `separator` where it is outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote and text[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]

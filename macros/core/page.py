"""A page of docs/ as MkDocs reads it: its text whatever the editor that saved it, split into
front matter and body with the line numbers the author sees, and every reason it cannot be read
named with its line."""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from macros.core.errors import KnotworkError, Problem

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)


def shown_path(path: Path) -> str:
    """A file's path as the author knows it: from the folder the command runs in, e.g.
    docs/techniques/wall-ball.md."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass
class Page:
    """A Markdown file split into front matter and body, remembering line numbers."""

    path: Path
    rel: str  # path as the author knows it, e.g. docs/techniques/wall-ball.md
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number of the body's first line
    key_lines: dict[str, int] = field(default_factory=dict)
    has_front_matter: bool = False
    # False when the file is not UTF-8, or its front matter is never closed: nothing else about
    # it can be checked (where its text starts is not known).
    readable: bool = True
    _newlines: list[int] = field(default_factory=list, repr=False, compare=False)
    _newlines_of: str | None = field(default=None, repr=False, compare=False)

    @property
    def slug(self) -> str:
        return self.path.stem

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key)

    def newlines(self) -> list[int]:
        """Where each line break of the body is, found once per body (not counted from the top
        for every place a check names: that made a 2 MB page take a minute)."""
        if self._newlines_of is not self.body:
            self._newlines = [m.start() for m in re.finditer("\n", self.body)]
            self._newlines_of = self.body
        return self._newlines


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: faster
    """YAML as MkDocs reads it, except that an impossible date (2026-02-30) stays text, so
    the check can name the field and line instead of failing inside the YAML parser, and so
    does a time written with colons (below)."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _int(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """YAML 1.1 reads `1:30:00` as 5400, a number in base 60: kept as written, a time the
    checks read as one ("1:30" is 90 seconds either way) and quote as the author wrote it."""
    if ":" in node.value:
        return loader.construct_scalar(node)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)


class DuplicateKey(yaml.YAMLError):
    """A key written twice in one mapping: YAML keeps the last without a word, so a field the
    author fixed on one line is silently undone by the other. Lines count from the front matter."""

    def __init__(self, key: str, first: int, again: int, nested: bool) -> None:
        super().__init__(f"`{key}` is written twice")
        self.key, self.first, self.again, self.nested = key, first, again, nested


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is not None and key != "<<":
            if key in seen:
                # Only the whole front matter starts at column 0: any other mapping is one entry in it.
                raise DuplicateKey(key, seen[key], key_node.start_mark.line, node.start_mark.column > 0)
            seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_yaml_map(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


class NotUtf8(KnotworkError):
    """A page saved in another encoding than UTF-8; `line` is where the first odd byte is."""

    def __init__(self, message: str, fix: str, line: int) -> None:
        super().__init__(message, fix)
        self.line = line


def read_text(path: Path) -> str:
    """A page's text as MkDocs reads it, whatever the editor that saved it: UTF-8 with or
    without a byte-order mark, and Windows (CRLF) or old Mac (CR) line ends read as `\\n`, so
    line numbers count the lines the author sees. Anything but UTF-8 raises NotUtf8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(data, err) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(data: bytes, err: UnicodeDecodeError) -> NotUtf8:
    line = data[: err.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    how = ("in your editor, choose Save As (or Save with Encoding) and pick UTF-8; "
           "then check that every accented letter and quote mark still looks right.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return NotUtf8("the file is saved as UTF-16 (\"Unicode\"), not UTF-8.", "save it as UTF-8: " + how, 1)
    odd = data[err.start: err.start + 1]
    guess = odd.decode("cp1252", errors="replace")
    seen = f" (in Windows-1252 or Latin-1, `{guess}`)" if guess.isprintable() and guess != "\ufffd" else ""
    return NotUtf8(f"the file is not saved as UTF-8: this line has the byte 0x{odd.hex().upper()}{seen}, "
                   "which UTF-8 does not use that way.", "save it as UTF-8: " + how, line)


_TAB_WHERE_SPACES_GO = re.compile(r"^[ -]*\t")  # in the indentation, or just after a list's `-`


def _tab_problems(rel: str, front: str) -> list[Problem]:
    """One problem per front-matter line with a tab where YAML only takes spaces."""
    return [Problem(rel, "the front matter has a tab at the start of this line (or after a `-`); YAML allows only "
                    "spaces there.", "replace the tab with spaces, lined up with the lines around it "
                    "(e.g. two spaces before `- {title: …}`).", number)
            for number, line in enumerate(front.split("\n"), start=2) if _TAB_WHERE_SPACES_GO.match(line)]


def resolved(paths: Iterable[Path]) -> list[Path]:
    """`paths` as `Path.resolve()` gives them, sorted, with each folder resolved once: resolving
    every file walked all its folders again (70,000 system calls a build at 100 pages)."""
    folders: dict[Path, Path] = {}
    found = []
    for path in paths:
        if path.is_symlink():
            found.append(path.resolve())
        else:
            folder = folders.get(path.parent) or folders.setdefault(path.parent, path.parent.resolve())
            found.append(folder / path.name)
    return sorted(found)


# By the text: each page is read by several checks and hooks in a build, and YAML took longer
# than everything else of reading it. (An error is raised afresh each time: nothing is kept.)
@functools.lru_cache(maxsize=4096)
def _front_matter(front: str) -> Any:
    return yaml.load(front, Loader=_Loader)


def md_files(folder: Path) -> list[Path]:
    """The `.md` files in `folder` (not its subfolders), as `resolved(folder.glob("*.md"))` gives
    them, with no system call for each file: the build lists the technique pages many times."""
    try:
        with os.scandir(folder) as entries:
            found = [(entry.name, entry.is_symlink()) for entry in entries if entry.name.endswith(".md")]
    except (FileNotFoundError, NotADirectoryError):
        return []
    real = folder.resolve()
    return sorted((folder / name).resolve() if link else real / name for name, link in found)


def read_page(path: Path, rel: str) -> tuple[Page, list[Problem]]:
    page = Page(path=path, rel=rel)
    try:
        text = read_text(path)
    except NotUtf8 as err:
        page.readable = False
        return page, [Problem(rel, err.message, err.fix, err.line)]
    page.body = text
    match = FRONT_MATTER.match(text)
    if not match:
        unclosed = _unclosed(rel, text)
        page.readable = not unclosed
        return page, unclosed
    page.body = text[match.end():]
    page.body_line = text[: match.end()].count("\n") + 1
    page.has_front_matter = True
    front = match.group(1) or ""
    try:
        meta = copy.deepcopy(_front_matter(front)) or {}  # a copy: a reader may change its own
    except yaml.YAMLError as err:
        return page, _yaml_problems(rel, front, err)
    if not isinstance(meta, dict):
        return page, [Problem(rel, "the front matter must be `key: value` lines.", "see CONTRIBUTING.md.", 2)]
    page.meta = meta
    for number, line in enumerate(front.split("\n"), start=2):  # lines as line_at counts them
        key = re.match(r"^([\w~][\w.-]*)\s*:", line)
        if key:
            page.key_lines.setdefault(key[1], number)
    return page, []


def _yaml_problems(rel: str, front: str, err: yaml.YAMLError) -> list[Problem]:
    """What is wrong with front matter YAML cannot read, at its line, in words an author can act on."""
    if isinstance(err, DuplicateKey):
        where = "one entry of the front matter" if err.nested else "the front matter"
        lines = f"line {err.again + 2}" if err.first == err.again else f"lines {err.first + 2} and {err.again + 2}"
        return [Problem(rel, f"`{err.key}` is written twice in {where} ({lines}): only the last one would count.",
                        f"keep one `{err.key}:` and delete the other.", err.again + 2)]
    tabs = _tab_problems(rel, front)
    if tabs:  # the usual cause, and YAML's own words for it ("cannot start any token") do not help
        return tabs
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 2 if mark else 1
    problem = str(getattr(err, "problem", None) or err)
    if "cannot start any token" in problem:
        fix = ("a value starts with a character YAML does not take there (` @ % or a tab): write the value "
               'without it, or put the whole value in quotes, e.g. `position: "lying on your back"`.')
    elif "mapping values" in problem:
        fix = 'a value has a colon in it: put the whole value in quotes, e.g. `title: "Roller: upper back"`.'
    else:
        fix = ("check this line and the one before: every quote needs its partner on the same line, "
               "and a list item or field must line up with the ones around it.")
    return [Problem(rel, f"the front matter is not valid YAML on or just before this line ({problem}).", fix, line)]


def _unclosed(rel: str, text: str) -> list[Problem]:
    """A front matter opened with `---` and never closed: MkDocs would read the fields as the
    page's text, so say where the closing line goes."""
    if not re.match(r"---[ \t]*\n", text):
        return []
    lines = text.split("\n")
    indented = next((n for n, line in enumerate(lines[1:], start=2) if line.strip() in ("---", "...")), None)
    if indented:
        return [Problem(rel, f"the front matter's closing `{lines[indented - 1].strip()}` on line {indented} has "
                        "spaces before it, so it does not close the front matter.",
                        "start that line with `---` and nothing else on it.", indented)]
    blank = next((n for n, line in enumerate(lines[1:], start=2) if not line.strip()), len(lines))
    return [Problem(rel, "the front matter is not closed: the `---` on line 1 has no `---` line after the fields.",
                    f"add a line with only `---` after the last field (before line {blank}, where the page's "
                    "text starts).", 1)]



def front_matter_text(page: Page) -> str:
    """The page's front matter as written (the YAML between the `---` lines), or ''."""
    match = FRONT_MATTER.match(read_text(page.path))
    return (match.group(1) or "") if match else ""


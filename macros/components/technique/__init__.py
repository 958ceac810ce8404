"""Technique pages: front matter read and checked against technique.yml, and the page
header and sources list made from it."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from macros.core import spec as components
from macros.core.durations import parse_duration
from macros.core.errors import KnotworkError, Problem, did_you_mean, one_of

NAME = "technique"
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
_MARKUP = re.compile(r"[<>`*_\[\]{}]")
# Front-matter keys that MkDocs and Material put into the menu, <title> or an HTML attribute
# without escaping: on any page, they must be plain text.
PLAIN_TEXT_KEYS = ("title", "description")


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def fields() -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in spec()["fields"]}


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

    @property
    def slug(self) -> str:
        return self.path.stem

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: faster
    """YAML as MkDocs reads it, except that an impossible date (2026-02-30) stays text, so
    the check can name the field and line instead of failing inside the YAML parser."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


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


def read_page(path: Path, rel: str) -> tuple[Page, list[Problem]]:
    page = Page(path=path, rel=rel)
    try:
        text = read_text(path)
    except NotUtf8 as err:
        page.readable = False
        return page, [Problem(rel, err.message, err.fix, err.line)]
    page.body = text
    match = _FRONT.match(text)
    if not match:
        unclosed = _unclosed(rel, text)
        page.readable = not unclosed
        return page, unclosed
    page.body = text[match.end():]
    page.body_line = text[: match.end()].count("\n") + 1
    page.has_front_matter = True
    try:
        meta = yaml.load(match.group(1) or "", Loader=_Loader) or {}
    except DuplicateKey as err:
        where = "one entry of the front matter" if err.nested else "the front matter"
        lines = f"line {err.again + 2}" if err.first == err.again else f"lines {err.first + 2} and {err.again + 2}"
        return page, [Problem(rel, f"`{err.key}` is written twice in {where} ({lines}): only the last one would "
                              "count.",
                              f"keep one `{err.key}:` and delete the other.", err.again + 2)]
    except yaml.YAMLError as err:
        tabs = _tab_problems(rel, match.group(1) or "")
        if tabs:  # the usual cause, and YAML's own words for it ("cannot start any token") do not help
            return page, tabs
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
        return page, [Problem(rel, f"the front matter is not valid YAML on or just before this line ({problem}).",
                              fix, line)]
    if not isinstance(meta, dict):
        return page, [Problem(rel, "the front matter must be `key: value` lines.", "see CONTRIBUTING.md.", 2)]
    page.meta = meta
    for number, line in enumerate((match.group(1) or "").split("\n"), start=2):  # lines as line_at counts them
        key = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if key:
            page.key_lines.setdefault(key[1], number)
    return page, []


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


def check_title(page: Page, keys: tuple[str, ...] = PLAIN_TEXT_KEYS) -> list[Problem]:
    """Any page: the title reaches the menu and the browser tab unescaped, and a description
    an HTML attribute, so neither may hold markup."""
    problems = []
    for key in keys:
        value = page.meta.get(key)
        if value is not None and (not isinstance(value, str) or _MARKUP.search(value)):
            problems.append(Problem(page.rel, f"`{key}` must be plain text; got `{value}`.",
                                    f"write the {key} in words only, without < > ` * _ [ ] {{ }}.",
                                    page.line_of(key)))
    return problems


def check_meta(page: Page, today: dt.date) -> list[Problem]:
    """Every problem with a technique page's front matter, not just the first."""
    problems: list[Problem] = []
    known = fields()
    if not page.has_front_matter:
        needed = ", ".join(name for name, fdef in known.items() if fdef["required"])
        return [Problem(page.rel, "the page has no front matter (the block between two `---` lines at the top).",
                        f"start the file with a `---` line, then {needed}, then `---`; "
                        'or start again with `make technique NAME="…"`.', 1)]
    allowed = set(known) | set(spec()["theme_keys"])
    misspelt = set()  # required fields written under a wrong name: one message each, not two
    for key in page.meta:
        if key not in allowed:
            close = did_you_mean(key, allowed)
            guess = close.split("`")[1] if close else ""
            if guess in known and guess not in page.meta:
                fix = f"rename it to `{guess}`."
                misspelt.add(guess)
            else:
                fix = f"use only {one_of(known)}."
            problems.append(Problem(page.rel, f"unknown front-matter field `{key}`.{close}", fix, page.line_of(key)))
    for name, fdef in known.items():
        if name not in page.meta or page.meta[name] in (None, "", []):
            if fdef["required"] and name not in misspelt:
                problems.append(Problem(page.rel, f"`{name}` is missing: {fdef['description']}",
                                        f"add `{name}: {_example(fdef)}` to the front matter.", 2))
            continue
        try:
            page.meta[name] = _coerce(fdef, page.meta[name], page)
        except KnotworkError as err:
            problems.append(Problem(page.rel, f"`{name}`: {err.message}", err.fix, page.line_of(name)))
    problems += _check_dates(page, today)
    return problems


def _check_dates(page: Page, today: dt.date) -> list[Problem]:
    reviewed, due = page.meta.get("last_reviewed"), page.meta.get("review_due")
    if not (isinstance(reviewed, dt.date) and isinstance(due, dt.date)):
        return []
    problems = []
    if reviewed > today:
        problems.append(Problem(page.rel, f"`last_reviewed` ({reviewed}) is in the future.",
                                "write the day the review really happened.", page.line_of("last_reviewed")))
    if due <= reviewed:
        problems.append(Problem(page.rel, f"`review_due` ({due}) is not after `last_reviewed` ({reviewed}).",
                                "set a review date after the last review, usually within a year.",
                                page.line_of("review_due")))
    elif due < today:
        problems.append(Problem(page.rel, f"the review was due on {due}.",
                                "check the page against its sources, then update `last_reviewed` and `review_due`.",
                                page.line_of("review_due"), severity="warning"))
    return problems


def _example(fdef: dict[str, Any]) -> str:
    return yaml.safe_dump(fdef["example"], default_flow_style=True, width=1000).strip().removesuffix("...").strip()


def _coerce(fdef: dict[str, Any], value: Any, page: Page) -> Any:
    kind = fdef["type"]
    if kind == "plain-text":
        if not isinstance(value, str):
            raise KnotworkError(f"must be text; got `{value}`, which YAML reads as {_yaml_kind(value)}.",
                                "put the text in quotes, so YAML keeps it as text"
                                + (f', e.g. `"{value}"`.' if not isinstance(value, bool) else ', e.g. `"Yes"`.'))
        if _MARKUP.search(value):
            raise KnotworkError(f"must be plain text; got `{value}`.", "remove HTML, Markdown and braces.")
        if len(value) > fdef["max_length"]:
            raise KnotworkError(f"is {len(value)} characters; at most {fdef['max_length']}.", "shorten it.")
        return value.strip()
    if kind == "text-list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise KnotworkError("must be a list of words.", f"write it like `{_example(fdef)}`.")
        marked = next((v for v in value if _MARKUP.search(v)), None)
        if marked:
            raise KnotworkError(f"must be plain words; got `{marked}`.", "remove HTML, Markdown and braces.")
        return [v.strip() for v in value]
    if kind == "choice":
        if value not in fdef["values"]:
            raise KnotworkError(f"no choice `{value}`.{did_you_mean(value, fdef['values'])}",
                                f"use one of {one_of(fdef['values'])}.")
        return value
    if kind == "choice-list":
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v not in fdef["values"]:
                raise KnotworkError(f"no choice `{v}`.{did_you_mean(v, fdef['values'])}",
                                    f"use any of {one_of(fdef['values'])}.")
        return values
    if kind == "duration":
        seconds = parse_duration(value)
        if not fdef["min"] <= seconds <= fdef["max"]:
            alone = " (a number alone counts seconds)" if isinstance(value, int | float) else ""
            raise KnotworkError(f"`{value}` is out of range{alone}.",
                                f"give about how long a session takes, with its unit: 1 to 60 min, e.g. "
                                f"`{_example(fdef)}`.")
        return seconds
    if kind == "date":
        return _coerce_date(value)
    if kind == "sources":
        return _coerce_sources(value)
    if kind == "illustration":
        return _coerce_illustration(value, page)
    raise AssertionError(f"unknown field type {kind!r} in technique.yml")


def _yaml_kind(value: Any) -> str:
    """What YAML made of a value written without quotes: `yes`, `42`, `2026-11-21`."""
    if isinstance(value, bool):
        return "yes or no (true/false)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return "a list" if isinstance(value, list) else "a set of fields" if isinstance(value, dict) else "no text"


def _coerce_date(value: Any) -> dt.date:
    how = "write the date as YYYY-MM-DD, e.g. 2026-11-21."
    if isinstance(value, dt.datetime):
        raise KnotworkError(f"`{value}` has a time of day.", "write the day only: " + how)
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        try:
            return dt.date.fromisoformat(text)  # a quoted date, or one the YAML loader kept as text
        except ValueError:
            raise KnotworkError(f"`{text}` is not a real date: {_why_impossible(text)}", how) from None
    raise KnotworkError(f"`{value}` is not a date Knotwork can read.", how)


def _why_impossible(text: str) -> str:
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return f"there is no month {month}."
    days = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {days} days, not {day}."


def _coerce_sources(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        raise KnotworkError("must be a list of sources.", "add `- {title: …, publisher: …, url: https://…}`.")
    keys = ("title", "publisher", "url")
    for number, source in enumerate(value, start=1):
        if not isinstance(source, dict) or set(source) != set(keys):
            missing = [k for k in keys if k not in source] if isinstance(source, dict) else []
            extra = [str(k) for k in source if k not in keys] if isinstance(source, dict) else []
            why = "; ".join(filter(None, [f"it has no {' or '.join(f'`{k}`' for k in missing)}" if missing else "",
                                          f"`{'`, `'.join(extra)}` is not a part of a source" if extra else ""]))
            raise KnotworkError(f"source {number} needs exactly title, publisher and url" + (f" ({why})." if why
                                                                                              else "."),
                                "write `- {title: Back pain, publisher: NHS, url: https://www.nhs.uk/…}`.")
        if not all(isinstance(v, str) and v.strip() for v in source.values()):
            raise KnotworkError(f"source {number} has an empty value.", "fill in title, publisher and url.")
        if not re.match(r"https?://[^/\s.]+\.[^/\s]", source["url"]) or any(c in source["url"] for c in ' <>"'):
            raise KnotworkError(f"source {number}'s url `{source['url']}` is not a web address.",
                                "link the page you took the fact from, starting with https:// (or http://).")
        if _MARKUP.search(source["title"] + source["publisher"]):
            raise KnotworkError(f"source {number} must be plain text.", "remove HTML, Markdown and braces.")
    return value


def _coerce_illustration(value: Any, page: Page) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != {"src", "alt"}:
        raise KnotworkError("needs `src` and `alt`.", "write `{src: my-technique.svg, alt: A person lying …}`.")
    alt, src = value["alt"], value["src"]
    if not isinstance(alt, str) or len(alt.split()) < 5:
        raise KnotworkError("`alt` must describe the position in a sentence (5 words or more).",
                            "say who is where, e.g. `A person lying on their back with a ball under one shoulder.`")
    if _MARKUP.search(alt):
        raise KnotworkError(f"`alt` must be plain words; got `{alt}`.", "remove HTML, Markdown and braces: "
                            "a screen reader reads the text as it is.")
    if not isinstance(src, str) or not re.fullmatch(r"[a-z0-9-]+\.svg", src):
        raise KnotworkError(f"`src` must be an SVG file name like `my-technique.svg`; got `{src}`.",
                            "save the drawing as SVG in docs/assets/illustrations/.")
    docs = page.path.parent.parent
    if not (docs / "assets" / "illustrations" / src).is_file():
        raise KnotworkError(f"docs/assets/illustrations/{src} does not exist.",
                            "add the SVG there, or fix the file name.")
    return {"src": src, "alt": alt.strip()}


def say_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _svg_size(path: Path) -> tuple[str, str] | tuple[None, None]:
    """The width and height an SVG declares, so the page does not jump as it loads."""
    head = path.read_text(encoding="utf-8")[:600]
    box = re.search(r'viewBox="\s*[\d.]+[ ,]+[\d.]+[ ,]+([\d.]+)[ ,]+([\d.]+)', head)
    return (box[1], box[2]) if box else (None, None)


def header(meta: dict[str, Any], docs_dir: Path, base: str) -> Markup:
    """The header under a technique's title. `base` is the page's way back to the site root."""
    art = meta["illustration"]
    width, height = _svg_size(docs_dir / "assets" / "illustrations" / art["src"])
    return components.render(
        NAME,
        **{k: meta.get(k) for k in fields() if k != "illustration"},
        illustration={"url": f"{base}assets/illustrations/{art['src']}", "alt": art["alt"],
                      "width": width, "height": height},
        last_reviewed_text=say_date(meta["last_reviewed"]),
        review_due_text=say_date(meta["review_due"]),
    )


def sources(meta: dict[str, Any]) -> str:
    """The Sources section as Markdown (so its heading is in the page's contents) + HTML."""
    return "\n\n## Sources\n\n" + components.render(NAME, "sources", sources=meta["sources"]) + "\n"


@cache
def _load(path: Path, mtime: float, today: dt.date) -> tuple[Page, tuple[Problem, ...]]:
    page, problems = read_page(path, _rel(path))
    if problems:  # front matter that cannot be read: no point listing every field as missing
        return page, tuple(problems)
    # check_meta checks the title as a field of its own; check_title covers the rest.
    problems += check_title(page, tuple(k for k in PLAIN_TEXT_KEYS if k not in fields()))
    problems += check_meta(page, today)
    return page, tuple(problems)


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load(path: Path, today: dt.date | None = None) -> tuple[Page, tuple[Problem, ...]]:
    """A technique page with its front matter checked (cached until the file changes)."""
    path = path.resolve()
    return _load(path, path.stat().st_mtime, today or dt.date.today())


def technique_files(docs_dir: Path) -> list[Path]:
    folder = docs_dir / spec()["folder"]
    return sorted(p.resolve() for p in folder.glob("*.md") if p.name != "index.md")


def load_all(docs_dir: Path) -> list[Page]:
    """Every technique page whose front matter is sound, sorted by title."""
    pages = [load(p) for p in technique_files(docs_dir)]
    good = [page for page, problems in pages if not any(p.severity == "error" for p in problems)]
    return sorted(good, key=lambda p: p.meta["title"].lower())

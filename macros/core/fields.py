"""Field coercion: one engine for every value an author writes against a spec: a front-matter
field of a page (technique.yml, routine.yml), a parameter of a macro call (<name>.yml's `params`)
and an entry of a registry (callouts, doses). Each value is checked against its type (and range)
and returned as the code uses it; each wrong one raises KnotworkError saying what to write."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import yaml

from macros.core.durations import parse_duration, say_duration
from macros.core.errors import KnotworkError, Problem, did_you_mean, one_of
from macros.core.page import Page

MARKUP = re.compile(r"[<>`*_\[\]{}]")
# A name the code keeps (a timer's `id`): lower-case words and numbers joined by hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Front-matter keys that MkDocs and Material put into the menu, <title> or an HTML attribute
# without escaping: on any page, they must be plain text.
PLAIN_TEXT_KEYS = ("title", "description")


def example(fdef: dict[str, Any]) -> str:
    """A field's example as YAML writes it on one line."""
    return yaml.safe_dump(fdef["example"], default_flow_style=True, width=1000).strip().removesuffix("...").strip()


def check_title(page: Page, keys: tuple[str, ...] = PLAIN_TEXT_KEYS) -> list[Problem]:
    """Any page: the title reaches the menu and the browser tab unescaped, and a description
    an HTML attribute, so neither may hold markup."""
    problems = []
    for key in keys:
        value = page.meta.get(key)
        if value is not None and (not isinstance(value, str) or MARKUP.search(value)):
            problems.append(Problem(page.rel, f"`{key}` must be plain text; got `{value}`.",
                                    f"write the {key} in words only, without < > ` * _ [ ] {{ }}.",
                                    page.line_of(key)))
    return problems


def check_front_matter(page: Page, known: dict[str, dict[str, Any]], theme: dict[str, dict[str, Any]],
                       refused: dict[str, str] | None = None, rename_misspelt: bool = True) -> list[Problem]:
    """Every problem with a page's front-matter fields against its spec's `fields` (`known`) and
    the theme's keys it may set (`theme`, typed too): keys no page may set (`refused`, with why),
    unknown fields (told the field they may stand for, renamed when `rename_misspelt`), required
    ones missing, and each value checked against its type and stored as the code uses it. A
    field of a type this engine does not know (a routine's `steps`) is its component's to read.
    The title and description of any page are check_title's to check."""
    refused = refused or {}
    problems = [Problem(page.rel, f"the front-matter field `{key}` is not a page's to set: {refused[key]}.",
                        f"delete the line `{key}: …`.", page.line_of(key)) for key in page.meta if key in refused]
    unknown, misspelt = _unknown_fields(page, known, set(known) | set(theme) | set(refused), rename_misspelt)
    problems += unknown
    for name, fdef in {**known, **theme}.items():
        if page.meta.get(name) in (None, "", []):
            if fdef["required"] and name not in misspelt:
                problems.append(Problem(page.rel, f"`{name}` is missing: {fdef['description']}",
                                        f"add `{name}: {example(fdef)}` to the front matter.", 2))
            continue
        if fdef["type"] not in KINDS or name == "description":
            continue  # a description is check_title's, on every page
        try:
            page.meta[name] = coerce(fdef, page.meta[name], page=page)
        except KnotworkError as err:
            problems.append(Problem(page.rel, f"`{name}`: {err.message}", err.fix, page.line_of(name)))
    return problems


def _unknown_fields(page: Page, known: dict[str, dict[str, Any]], allowed: set[str],
                    rename_misspelt: bool) -> tuple[list[Problem], set[str]]:
    """A problem for each field the spec does not know, and the required fields written under a
    wrong name (one message each, not two)."""
    problems, misspelt = [], set()
    for key in page.meta:
        if key not in allowed:
            key, line = _as_written(page, key)
            close = did_you_mean(key, allowed)
            guess = close.split("`")[1] if close else ""
            if rename_misspelt and guess in known and guess not in page.meta:
                fix = f"rename it to `{guess}`."
                misspelt.add(guess)
            else:
                fix = f"use only {one_of(known)}."
            problems.append(Problem(page.rel, f"unknown front-matter field `{key}`.{close}", fix, line))
    return problems, misspelt


def _as_written(page: Page, key: Any) -> tuple[str, int | None]:
    """A front-matter key as the page writes it, and its line. YAML reads `~:`, `null:`, `1:` or
    `True:` as a key that is not a name: the written key that YAML reads as it is named."""
    if isinstance(key, str):
        return key, page.line_of(key)
    for written, line in page.key_lines.items():
        read = yaml.safe_load(f"{written}: 0")
        if isinstance(read, dict) and any(k == key and type(k) is type(key) for k in read):
            return written, line
    return ("null" if key is None else str(key).lower()), None


def check_entry(entry: dict[str, Any], fields: dict[str, dict[str, Any]], where: str) -> None:
    """An entry of a registry (callouts, doses) has only known fields, every required one, and
    each field with a `max_length` on one line within it."""
    for key in entry:
        if key not in fields:
            raise KnotworkError(f"{where}: unknown field `{key}`.{did_you_mean(key, fields)}",
                                f"use only {one_of(fields)}.")
    for key, field in fields.items():
        if field["required"] and not entry.get(key):
            raise KnotworkError(f"{where}: `{key}` is missing.", field["description"])
        value, longest = entry.get(key), field.get("max_length")
        if longest and value is not None and (not isinstance(value, str) or "\n" in value.strip()):
            raise KnotworkError(f"{where}: `{key}` must be one line of text; got `{value!r}`.", field["description"])
        if longest and isinstance(value, str) and len(value) > longest:
            raise KnotworkError(f"{where}: `{key}` is {len(value)} characters long; at most {longest}.",
                                f"say it in fewer words. {field['description']}")


def coerce(definition: dict[str, Any], value: Any, where: str = "", page: Page | None = None) -> Any:
    """One value checked against its field's or parameter's type and range, as the code uses it.

    `where` names a macro's parameter ("`timer` parameter `hold`"), and its messages start with
    it; a front-matter field has none, as its check names the field. `page` is the page a field
    is on (an illustration is looked for beside it)."""
    kind = definition["type"]
    if kind not in KINDS:
        raise AssertionError(f"unknown type {kind!r} in a component's spec")
    return KINDS[kind](definition, value, where, page)


def default(param: dict[str, Any]) -> Any:
    """A parameter's value when a call leaves it out."""
    value = param.get("default")
    if value is not None and param["type"] == "duration":
        return parse_duration(value)
    return value


# The parameters of a macro ------------------------------------------------------------------------


def _string(param: dict, value: Any, where: str, page: Page | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KnotworkError(f"{where} must be text; got `{value!r}`.", 'write it in quotes: "…".')
    return value.strip()


def _boolean(param: dict, value: Any, where: str, page: Page | None) -> bool:
    if not isinstance(value, bool):
        raise KnotworkError(f"{where + ' ' if where else ''}must be true or false; got `{value!r}`.",
                            "write `true` or `false` without quotes.")
    return value


def _integer(param: dict, value: Any, where: str, page: Page | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise KnotworkError(f"{where} must be a whole number; got `{value!r}`.",
                            f"write a number from {param['min']} to {param['max']}.")
    _check_range(where, value, param, str)
    return value


def _slug(param: dict, value: Any, where: str, page: Page | None) -> str:
    if not isinstance(value, str) or not SLUG.fullmatch(value) or len(value) > param["max_length"]:
        raise KnotworkError(f"{where} must be lower-case words joined by hyphens, at most {param['max_length']} "
                            f"characters; got `{value!r}`.", f'write e.g. "{param["example"]}".')
    return value


def _check_range(where: str, value: int, param: dict, show: Callable[[Any], str]) -> None:
    low, high = param.get("min"), param.get("max")
    if low is not None and value < low or high is not None and value > high:
        raise KnotworkError(
            f"{where} is {show(value)}, outside the allowed range.",
            f"use a value from {show(low)} to {show(high)}.",
        )


# Both -----------------------------------------------------------------------------------------------


def _choice(definition: dict, value: Any, where: str, page: Page | None) -> Any:
    allowed = definition.get("values") or []
    if value not in allowed:
        raise KnotworkError(f"{f'{where} has ' if where else ''}no choice `{value}`.{did_you_mean(value, allowed)}",
                            f"use one of {one_of(allowed)}.")
    return value


def _duration(definition: dict, value: Any, where: str, page: Page | None) -> int:
    if where:  # a macro's parameter: any duration within its range
        try:
            seconds = parse_duration(value)
        except KnotworkError as err:
            raise KnotworkError(f"{where}: {err.message}", err.fix) from None
        _check_range(where, seconds, definition, say_duration)
        return seconds
    seconds = parse_duration(value)  # a field: about how long a session takes
    if not definition["min"] <= seconds <= definition["max"]:
        alone = " (a number alone counts seconds)" if isinstance(value, int | float) else ""
        raise KnotworkError(f"`{value}` is out of range{alone}.",
                            f"give about how long a session takes, with its unit: 1 to 60 min, e.g. "
                            f"`{example(definition)}`.")
    return seconds


# The fields of a page's front matter ----------------------------------------------------------------


def _plain_text(fdef: dict, value: Any, where: str, page: Page | None) -> str:
    if not isinstance(value, str):
        raise KnotworkError(f"must be text; got `{value}`, which YAML reads as {_yaml_kind(value)}.",
                            "put the text in quotes, so YAML keeps it as text"
                            + (f', e.g. `"{value}"`.' if not isinstance(value, bool) else ', e.g. `"Yes"`.'))
    if MARKUP.search(value):
        raise KnotworkError(f"must be plain text; got `{value}`.", "remove HTML, Markdown and braces.")
    _visible(value)
    if len(value) > fdef["max_length"]:
        raise KnotworkError(f"is {len(value)} characters; at most {fdef['max_length']}.", "shorten it.")
    return value.strip()


def _text_list(fdef: dict, value: Any, where: str, page: Page | None) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnotworkError("must be a list of words.", f"write it like `{example(fdef)}`.")
    marked = next((v for v in value if MARKUP.search(v)), None)
    if marked:
        raise KnotworkError(f"must be plain words; got `{marked}`.", "remove HTML, Markdown and braces.")
    for v in value:
        _visible(v)
    return [v.strip() for v in value]


def _visible(text: str) -> None:
    """Text a reader sees as it is: not blank, and without invisible characters (a zero-width space
    would let a title pass for another's; a right-to-left override shows its letters reversed)."""
    if not text.strip():
        raise KnotworkError("is blank.", "write it in words, or leave the line out where it may be left out.")
    hidden = next((c for c in text if unicodedata.category(c) == "Cf"), None)
    if hidden:
        name = unicodedata.name(hidden, "unnamed")
        raise KnotworkError(f"holds an invisible character, U+{ord(hidden):04X} ({name}).",
                            "delete it: retype the text, or paste it as plain text.")


_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 '-]*[A-Za-z0-9])?")


def _words(fdef: dict, value: Any, where: str, page: Page | None) -> list[str]:
    """A list of plain words, such as tags: letters, digits, spaces, hyphens and apostrophes."""
    values = value if isinstance(value, list) else [value]
    for v in values:
        if not isinstance(v, str) or not _WORD.fullmatch(v.strip()) or len(v) > fdef["max_length"]:
            raise KnotworkError(f"must be plain words; got `{v}`.",
                                f"write words only (letters, digits, spaces and hyphens, at most {fdef['max_length']} "
                                "characters each), e.g. `[upper back, desk work]`.")
    return [v.strip() for v in values]


def _choice_list(fdef: dict, value: Any, where: str, page: Page | None) -> list[Any]:
    values = value if isinstance(value, list) else [value]
    for v in values:
        if v not in fdef["values"]:
            raise KnotworkError(f"no choice `{v}`.{did_you_mean(v, fdef['values'])}",
                                f"use any of {one_of(fdef['values'])}.")
    return values


def _yaml_kind(value: Any) -> str:
    """What YAML made of a value written without quotes: `yes`, `42`, `2026-11-21`."""
    if isinstance(value, bool):
        return "yes or no (true/false)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return "a list" if isinstance(value, list) else "a set of fields" if isinstance(value, dict) else "no text"


def _date(fdef: dict, value: Any, where: str, page: Page | None) -> dt.date:
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


def _sources(fdef: dict, value: Any, where: str, page: Page | None) -> list[dict[str, str]]:
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
        if MARKUP.search(source["title"] + source["publisher"]):
            raise KnotworkError(f"source {number} must be plain text.", "remove HTML, Markdown and braces.")
    return value


def _illustration(fdef: dict, value: Any, where: str, page: Page | None) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != {"src", "alt"}:
        raise KnotworkError("needs `src` and `alt`.", "write `{src: my-technique.svg, alt: A person lying …}`.")
    alt, src = value["alt"], value["src"]
    if not isinstance(alt, str) or len(alt.split()) < 5:
        raise KnotworkError("`alt` must describe the position in a sentence (5 words or more).",
                            "say who is where, e.g. `A person lying on their back with a ball under one shoulder.`")
    if MARKUP.search(alt):
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


KINDS: dict[str, Callable[[dict, Any, str, Page | None], Any]] = {
    "string": _string, "boolean": _boolean, "integer": _integer, "slug": _slug,
    "choice": _choice, "duration": _duration,
    "plain-text": _plain_text, "text-list": _text_list, "choice-list": _choice_list, "words": _words,
    "date": _date,
    "sources": _sources, "illustration": _illustration,
}

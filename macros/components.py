"""Components: one folder each under overrides/components/<name>/ holding the template
(<name>.html, markup only), the styles and script, and <name>.yml, which lists the macro's
parameters and named examples. Macros, checks, tests and the contributor docs all read
that one file, so they cannot drift apart.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from .durations import parse_duration, say_duration
from .errors import KnotworkError, did_you_mean, one_of

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = ROOT / "overrides" / "components"


@cache
def spec(name: str) -> dict[str, Any]:
    """The parameter spec of component `name` (cached: the files do not change mid-build)."""
    with open(COMPONENTS / name / f"{name}.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def _templates() -> jinja2.Environment:
    # Autoescape on: page text only reaches the HTML escaped.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(COMPONENTS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # an included part ends its last line, as written
    )
    env.filters["say_duration"] = say_duration
    return env


def render(name: str, template: str | None = None, **context: Any) -> Markup:
    """Render overrides/components/<name>/<template or name>.html as one block of HTML.

    Blank lines are removed so Markdown keeps the block whole wherever it is placed.
    """
    html = _templates().get_template(f"{name}/{template or name}.html").render(**context)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def bind(name: str, args: tuple, kwargs: dict, choices: dict[str, list[str]] | None = None):
    """Check a macro call against the component's spec; return every parameter's value.

    Positional arguments fill parameters in the order the spec lists them. `choices`
    supplies the allowed values of parameters whose spec says `type: choice` with no
    `values` of its own (the callout ids, for example, come from the registry).
    """
    params = spec(name)["params"]
    by_name = {p["name"]: p for p in params}
    macro = spec(name)["macro"]
    if len(args) > len(params):
        raise KnotworkError(
            f"`{macro}` takes at most {len(params)} values without names; it got {len(args)}.",
            f"name the values, e.g. {spec(name)['examples'][0]['call']}",
        )
    given = dict(zip((p["name"] for p in params), args, strict=False))
    for key, value in kwargs.items():
        if key not in by_name:
            raise KnotworkError(
                f"`{macro}` has no parameter `{key}`.{did_you_mean(key, by_name)}",
                f"use one of {one_of(by_name)}.",
            )
        if key in given:
            raise KnotworkError(f"`{macro}` got `{key}` twice.", f"give `{key}` once.")
        given[key] = value
    values = {}
    for param in params:
        key = param["name"]
        if key not in given or given[key] is None:
            if param.get("required"):
                raise KnotworkError(
                    f"`{macro}` needs `{key}`: {param['description']}",
                    f"write it like {spec(name)['examples'][0]['call']}",
                )
            values[key] = _default(param)
            continue
        allowed = (choices or {}).get(key, param.get("values"))
        values[key] = coerce(param, given[key], macro, allowed)
    return values


def check_fields(entry: dict[str, Any], fields: dict[str, dict[str, Any]], where: str) -> None:
    """An entry of a registry (callouts, doses) has only known fields, and every required one."""
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


def _default(param: dict) -> Any:
    default = param.get("default")
    if default is not None and param["type"] == "duration":
        return parse_duration(default)
    return default


def coerce(param: dict, value: Any, macro: str, allowed: list[str] | None = None) -> Any:
    """One value checked against its parameter's type and range."""
    key, kind = param["name"], param["type"]
    where = f"`{macro}` parameter `{key}`"
    if kind == "string":
        if not isinstance(value, str) or not value.strip():
            raise KnotworkError(f"{where} must be text; got `{value!r}`.", 'write it in quotes: "…".')
        return value.strip()
    if kind == "boolean":
        if not isinstance(value, bool):
            raise KnotworkError(f"{where} must be true or false; got `{value!r}`.",
                                "write `true` or `false` without quotes.")
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise KnotworkError(f"{where} must be a whole number; got `{value!r}`.",
                                f"write a number from {param['min']} to {param['max']}.")
        _check_range(where, value, param, str)
        return value
    if kind == "duration":
        try:
            seconds = parse_duration(value)
        except KnotworkError as err:
            raise KnotworkError(f"{where}: {err.message}", err.fix) from None
        _check_range(where, seconds, param, say_duration)
        return seconds
    if kind == "choice":
        if value not in (allowed or []):
            raise KnotworkError(
                f"{where} has no choice `{value}`.{did_you_mean(value, allowed or [])}",
                f"use one of {one_of(allowed or [])}.",
            )
        return value
    raise AssertionError(f"unknown parameter type {kind!r} in the spec of {macro}")


def _check_range(where: str, value: int, param: dict, show) -> None:
    low, high = param.get("min"), param.get("max")
    if low is not None and value < low or high is not None and value > high:
        raise KnotworkError(
            f"{where} is {show(value)}, outside the allowed range.",
            f"use a value from {show(low)} to {show(high)}.",
        )

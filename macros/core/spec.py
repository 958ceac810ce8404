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

from macros.core import compiled_templates
from macros.core.config import COMPONENTS
from macros.core.durations import say_duration
from macros.core.errors import KnotworkError, did_you_mean, one_of
from macros.core.fields import coerce, default

_LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML file as `yaml.safe_load` reads it, by libyaml where PyYAML has it (the callout
    registry in 4 ms, not 170, at every build and `make check`). A file libyaml cannot read is
    read again by safe_load, so its error says what it always said."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LIBYAML)
    except yaml.YAMLError:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)


@cache
def spec(name: str) -> dict[str, Any]:
    """The parameter spec of component `name` (cached: the files do not change mid-build)."""
    return read_yaml(COMPONENTS / name / f"{name}.yml")


def fields(name: str) -> dict[str, dict[str, Any]]:
    """The front-matter fields of component `name`'s pages, by name."""
    return {f["name"]: f for f in spec(name)["fields"]}


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
        # Not a look at the file on every use (thousands a build): every build starts with a
        # fresh import of macros/ (build/hooks.py, on_config), so an edit is seen next build.
        auto_reload=False,
    )
    env.filters["say_duration"] = say_duration
    return compiled_templates.use(env)


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
            # A value without a name takes its place by order: a timer's second is `times`, not `rest`.
            place = [p["name"] for p in params].index(key) + 1
            written = f'"{args[place - 1]}"' if isinstance(args[place - 1], str) else repr(args[place - 1])
            order = ", ".join(f"`{p['name']}`" for p in params[: len(args)])
            raise KnotworkError(
                f"`{macro}` got `{key}` twice: as its value number {place} without a name ({written}), and as "
                f"`{key}=`.",
                f"give `{key}` once. Values without names go in this order: {order}; name the one you meant "
                f"(`{params[len(args)]['name'] if len(args) < len(params) else key}=…`, for example).")
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
            values[key] = default(param)
            continue
        allowed = (choices or {}).get(key, param.get("values"))
        values[key] = coerce({**param, "values": allowed}, given[key], f"`{macro}` parameter `{key}`")
    return values

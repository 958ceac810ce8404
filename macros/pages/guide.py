"""The contributor guide's tables, made from the same files the code and the tests read
(technique.yml, each component's <name>.yml, the callout registry), so the docs cannot
drift from the code.

CONTRIBUTING.md is the guide's one source. Its tables sit between marker comments:

    <!-- generated: front-matter -->
    ...
    <!-- end generated -->

`make docs` (`python -m macros.tools.docs_tables`) writes them afresh; `--check` fails when the file
is stale, and a test runs it. The site's page docs/contributing.md is `{{ contributing_guide() }}`:
the same file, with the tables made afresh at every build (all but the REPO_ONLY ones).
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from macros.components import callout, dose, routine, technique
from macros.components import page as kinds
from macros.core import durations
from macros.core import spec as components
from macros.core.config import COMPONENTS, ROOT
from macros.core.config import settings as read_settings
from macros.core.errors import KnotworkError, did_you_mean, one_of
from macros.core.reading import SENTENCE_GRADE_FROM

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
_REGION = re.compile(r"(<!-- generated: ([\w:-]+) -->\n)(.*?)(<!-- end generated -->)", re.S)
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")

# Macros that have no component spec: what each does and an example. A macro missing from
# here and from the component specs fails the tests.
OTHER_MACROS = {
    "technique_chooser": ("The home page's cards, one per technique, made from every technique's front matter.",
                          "{{ technique_chooser() }}"),
    "routine_chooser": ("The home page's list of routines, shortest first, made from every file in docs/routines/.",
                        "{{ routine_chooser() }}"),
    "safety_callouts": ("Every callout, most urgent first, each with links to the pages that show it. "
                        "`level` shows only the callouts of one level.",
                        '{{ safety_callouts() }}'),
    "contributing_guide": ("This guide: CONTRIBUTING.md, with its tables made afresh.", "{{ contributing_guide() }}"),
    "docs_table": ("One of this guide's generated tables, by name: "
                   "`front-matter`, `routine-fields`, `page-kinds`, `sections`, `macros`, `parameters:<macro>`, "
                   "`callouts`, `doses`, `levels`, `durations` or `reading-level`.",
                   '{{ docs_table("front-matter") }}'),
}


def _cell(value: Any) -> str:
    text = " ".join(str(value).split())
    return text.replace("|", "\\|")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _code(value: Any) -> str:
    text = value if isinstance(value, str) else yaml.safe_dump(
        value, default_flow_style=True, width=1000, allow_unicode=True).strip().removesuffix("...").strip()
    return f"`{text}`"


def _field_kind(fdef: dict[str, Any]) -> str:
    kind = fdef["type"]
    if kind == "plain-text":
        return f"plain text, at most {fdef['max_length']} characters"
    if kind == "text-list":
        return "a list of short texts"
    if kind == "choice":
        return "one of " + ", ".join(_code(v) for v in fdef["values"])
    if kind == "choice-list":
        return "a list of any of " + ", ".join(_code(v) for v in fdef["values"])
    if kind == "duration":
        return (f"a duration from {durations.say_duration(fdef['min'])} "
                f"to {durations.say_duration(fdef['max'])}")
    if kind == "date":
        return "a date, YYYY-MM-DD"
    if kind == "sources":
        return "a list of sources: `title`, `publisher`, `url` (a web address)"
    if kind == "illustration":
        return "`src` (an SVG file name) and `alt` (a sentence)"
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "words":
        return f"a list of plain words, each at most {fdef['max_length']} characters"
    return kind


def front_matter_table() -> str:
    """Every front-matter field of a technique page (technique.yml)."""
    rows = [[f"`{name}`", "yes" if f["required"] else "no", _field_kind(f), f["description"],
             _code(f["example"]) if f.get("example") is not None else "—"]
            for name, f in technique.fields().items()]
    return _table(["Field", "Required", "Type", "What to write", "Example"], rows)


def routine_fields_table() -> str:
    """Every front-matter field of a routine (routine.yml), then each kind of step."""
    rows = [[f"`{name}`", "yes" if f["required"] else "no",
             "a list of steps" if f["type"] == "steps" else _field_kind(f), f["description"],
             _code(f["example"]) if f.get("example") is not None else "—"]
            for name, f in routine.fields().items()]
    steps = [[f"`{kind}`", ", ".join(f"`{key}`" for key in rule["keys"]), rule["description"]]
             for kind, rule in routine.spec()["steps"].items()]
    return (_table(["Field", "Required", "Type", "What to write", "Example"], rows) + "\n\n"
            + _table(["Step", "Keys", "What it is"], steps))


def page_kinds_table() -> str:
    """The front-matter keys of every other kind of page (page/page.yml), the theme's keys any
    kind may name, and the keys no page may set."""
    rows = [[f"`{name}`", f"`docs/{spec['folder']}/*.md`", ", ".join(f"`{f}`" for f in spec_fields),
             ", ".join(f"`{k}`" for k in spec["theme_keys"])]
            for name, spec, spec_fields in (("technique", technique.spec(), technique.fields()),
                                             ("routine", routine.spec(), routine.fields()))]
    rows += [[f"`{kind['name']}`", ", ".join(f"`docs/{f}`" for f in kind["files"]),
              ", ".join(f"`{f['name']}`" for f in (kind.get("fields") or [])
                        + (kinds.spec()["review_fields"] if kind.get("review") else [])),
              ", ".join(f"`{name}`" for name in kind.get("theme_keys") or [])] for kind in kinds.spec()["kinds"]]
    theme = [[f"`{f['name']}`", _field_kind(f), f["description"]] for f in kinds.spec()["theme_fields"]]
    refused = [[f"`{key}`", why] for key, why in kinds.refused_keys().items()]
    return (_table(["Kind of page", "Files", "Its own keys", "Keys the theme reads"], rows) + "\n\n"
            + _table(["Theme key", "Type", "What it does"], theme) + "\n\n"
            + _table(["Never set", "Why"], refused))


def sections_list() -> str:
    """The sections every technique page has, in order, and the callouts it must insert."""
    spec = technique.spec()
    lines = [f"{number}. `## {section}`" for number, section in enumerate(spec["sections"], start=1)]
    lines.append("")
    lines.append(f"Under `## {spec['sections'][-1]}`, every technique page inserts these callouts, in this order: "
                 + ", ".join(f'`{{{{ callout("{c}") }}}}`' for c in spec["required_callouts"]) + ".")
    return "\n".join(lines)


def component_macros() -> dict[str, dict[str, Any]]:
    """{macro name: spec} for every component whose <name>.yml describes a macro."""
    found = {}
    for path in sorted(COMPONENTS.glob("*/*.yml")):
        if path.stem == path.parent.name:
            spec = components.spec(path.stem)
            if spec.get("macro"):
                found[spec["macro"]] = spec
    return found


def _allowed(param: dict[str, Any]) -> str:
    if param["type"] == "choice":
        return ", ".join(_code(v) for v in param["values"]) if param.get("values") else "an id from the registry"
    show = durations.say_duration if param["type"] == "duration" else str
    low, high = param.get("min"), param.get("max")
    if low is not None and high is not None:
        return f"{show(low)} to {show(high)}"
    slug = f"lower-case words joined by hyphens, up to {param.get('max_length')} characters"
    return {"boolean": "`true` or `false`", "string": "text in quotes", "slug": slug}.get(param["type"], "")


def parameters_table(macro: str) -> str:
    """A macro's parameters and examples, from its component's <name>.yml."""
    specs = component_macros()
    if macro not in specs:
        raise KnotworkError(f"no component describes the macro `{macro}`.{did_you_mean(macro, specs)}",
                            f"use one of {one_of(specs)}.")
    spec = specs[macro]
    rows = []
    for number, param in enumerate(spec["params"]):
        default = param.get("default")
        rows.append([f"`{param['name']}`" + (" (or the first value)" if number == 0 else ""),
                     param["type"], _allowed(param),
                     "required" if param.get("required") else (_code(default) if default is not None else "none"),
                     param["description"]])
    table = _table(["Parameter", "Type", "Allowed", "Default", "What it does"], rows) if rows \
        else "It has no parameters."
    examples = "\n".join(f"- {example['name']}: `{example['call']}`" for example in spec.get("examples", []))
    return f"{table}\n\nExamples:\n\n{examples}"


def macros_table(macros: dict[str, Callable[..., Any]]) -> str:
    """Every macro a page may call (`macros`, the macro table), what it does and an example."""
    specs = component_macros()
    rows = []
    for name, function in macros.items():
        if name in specs:
            rows.append([f"`{name}`", _cell(specs[name]["description"]) + " Parameters below.",
                         f"`{specs[name]['examples'][0]['call']}`"])
        else:
            description, example = OTHER_MACROS[name]
            rows.append([f"`{name}{inspect.signature(function)}`", description, f"`{example}`"])
    return _table(["Macro", "What it does", "Example"], rows)


def callouts_table(settings: dict[str, Any]) -> str:
    """Every callout in the registry, most urgent level first."""
    order = list(callout.levels())
    entries = sorted(callout.registry().values(), key=lambda e: -order.index(e["level"]))
    rows = [[f"`{e['id']}`", e["level"], callout.fill(e["heading"], settings), callout.fill(e["short"], settings, e)]
            for e in entries]
    return _table(["Id", "Level", "Heading", "Short (Before you start)"], rows)


def doses_table() -> str:
    """Every dose in doses.yml, with its limits and where each comes from."""
    rows = []
    for found in dose.registry().values():
        limits = "; ".join(f"{dose.LABELS[key].lower().rstrip('?')}: {durations.say_duration(seconds)}"
                           for key, seconds in found.limits.items())
        cited = sorted({found.sources[key]["publisher"] if found.sources[key] else "Knotwork's own"
                        for key in dose.LABELS if key in found.sources})
        rows.append([f"`{found.id}`", found.name, limits, ", ".join(f"`{c}`" for c in found.callouts),
                     "; ".join(cited)])
    return _table(["Id", "For", "Limits", "Callouts its pages insert", "Sources"], rows)


def levels_table() -> str:
    """The callout levels, mildest first, with what screen readers hear first."""
    rows = [[f"`{level['name']}`", f"“{level['prefix']}”", level["summary"]]
            for level in callout.levels().values()]
    return _table(["Level", "Screen readers hear first", "Use it for"], rows)


def reading_level_text(settings: dict[str, Any]) -> str:
    """The reading level the checks hold technique pages to, from mkdocs.yml (extra.knotwork)."""
    if "max_reading_grade" not in settings:
        settings = {**read_settings(ROOT / "mkdocs.yml"), **settings}
    grade = settings["max_reading_grade"]
    age = int(float(grade)) + 5  # a US school grade is the year a reader of that age is in
    return (f"Write for a reading grade of {grade} or below (Flesch-Kincaid), about the reading age of a "
            f"{age}-year-old: each technique page fails the checks above grade {grade} "
            "(`extra.knotwork.max_reading_grade` in `mkdocs.yml`). Each sentence may have at most "
            f"{settings['max_sentence_words']} words (`max_sentence_words`), and a sentence of "
            f"{SENTENCE_GRADE_FROM} words or more at most grade {settings['max_sentence_grade']} "
            "(`max_sentence_grade`); the message quotes the sentence and gives its line.")


def durations_text() -> str:
    return f"Write a duration as {durations.EXAMPLES}."


def docs_table(name: str, settings: dict[str, Any] | None = None,
               macros: dict[str, Callable[..., Any]] | None = None) -> str:
    """The generated Markdown named `name` (as in the marker comments of CONTRIBUTING.md);
    `macros` is the macro table (for the table of macros)."""
    settings = settings or {}
    makers = {
        "front-matter": front_matter_table,
        "routine-fields": routine_fields_table,
        "page-kinds": page_kinds_table,
        "sections": sections_list,
        "macros": lambda: macros_table(macros or {}),
        "callouts": lambda: callouts_table(settings),
        "levels": levels_table,
        "doses": doses_table,
        "durations": durations_text,
        "reading-level": lambda: reading_level_text(settings),
    }
    if name.startswith("parameters:"):
        return parameters_table(name.split(":", 1)[1])
    if name not in makers:
        names = [*makers, *(f"parameters:{m}" for m in component_macros())]
        raise KnotworkError(f"there is no docs table `{name}`.{did_you_mean(name, names)}",
                            f"use one of {one_of(names)}.")
    return makers[name]()


# Regions only `make docs` writes (they need files that are not part of the site): tools/docs_tables.py.
REPO_ONLY = {"example-check"}


def refresh(text: str, settings: dict[str, Any], macros: dict[str, Callable[..., Any]],
            repo_tables: dict[str, Callable[[], str]] | None = None) -> str:
    """`text` with every generated region written afresh; a REPO_ONLY one by `repo_tables`, or,
    without them (the site's page), left as it is. `macros` is the macro table."""

    def region(m: re.Match) -> str:
        if m[2] in REPO_ONLY:
            return f"{m[1]}{repo_tables[m[2]]()}\n{m[4]}" if repo_tables else m.group()
        return f"{m[1]}{docs_table(m[2], settings, macros)}\n{m[4]}"

    return _REGION.sub(region, text)


def _site_links(text: str) -> str:
    """Links as the site page needs them: docs/x.md becomes x.md (the page lives in docs/);
    links to other files of the repository keep their words but lose the link."""

    def link(match: re.Match) -> str:
        words, address = match.groups()
        if re.match(r"[a-z][a-z0-9+.-]*:|#", address, re.I):
            return match.group()
        if address.startswith("docs/"):
            return f"[{words}]({os.path.relpath(address, 'docs')})"
        return words

    return _LINK.sub(link, text)


def contributing_guide(settings: dict[str, Any], macros: dict[str, Callable[..., Any]],
                       path: Path = CONTRIBUTING) -> str:
    """CONTRIBUTING.md as the site's Markdown: tables made afresh, markers and repo links removed.
    `macros` is the macro table."""
    if not path.is_file():
        raise KnotworkError(f"{path.name} is missing next to mkdocs.yml.", "restore it from the repository.")
    text = refresh(path.read_text(encoding="utf-8"), settings, macros)
    text = re.sub(r"<!-- (?:generated: [\w:-]+|end generated) -->\n?", "", text)
    return _site_links(text)

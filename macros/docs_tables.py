"""The contributor guide's tables, made from the same files the code and the tests read
(technique.yml, each component's <name>.yml, the callout registry), so the docs cannot
drift from the code.

CONTRIBUTING.md is the guide's one source. Its tables sit between marker comments:

    <!-- generated: front-matter -->
    ...
    <!-- end generated -->

`make docs` (`python -m macros.docs_tables`) writes them afresh; `--check` fails when the file
is stale, and a test runs it. The site's page docs/contributing.md is `{{ contributing_guide() }}`:
the same file, with the tables made afresh at every build.
"""

from __future__ import annotations

import argparse
import inspect
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from . import callout, components, dose, durations, technique
from .errors import KnotworkError, did_you_mean, one_of

ROOT = components.ROOT
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
                   "`front-matter`, `routine-fields`, `sections`, `macros`, `parameters:<macro>`, `callouts`, "
                   "`doses`, `levels`, `durations` or `reading-level`.",
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
    return kind


def front_matter_table() -> str:
    """Every front-matter field of a technique page (technique.yml)."""
    rows = [[f"`{name}`", "yes" if f["required"] else "no", _field_kind(f), f["description"],
             _code(f["example"]) if f.get("example") is not None else "—"]
            for name, f in technique.fields().items()]
    return _table(["Field", "Required", "Type", "What to write", "Example"], rows)


def routine_fields_table() -> str:
    """Every front-matter field of a routine (routine.yml), then each kind of step."""
    from . import routine

    rows = [[f"`{name}`", "yes" if f["required"] else "no",
             "a list of steps" if f["type"] == "steps" else _field_kind(f), f["description"],
             _code(f["example"]) if f.get("example") is not None else "—"]
            for name, f in routine.fields().items()]
    steps = [[f"`{kind}`", ", ".join(f"`{key}`" for key in rule["keys"]), rule["description"]]
             for kind, rule in routine.spec()["steps"].items()]
    return (_table(["Field", "Required", "Type", "What to write", "Example"], rows) + "\n\n"
            + _table(["Step", "Keys", "What it is"], steps))


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
    for path in sorted(components.COMPONENTS.glob("*/*.yml")):
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
    return {"boolean": "`true` or `false`", "string": "text in quotes"}.get(param["type"], "")


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
    table = _table(["Parameter", "Type", "Allowed", "Default", "What it does"], rows)
    examples = "\n".join(f"- {example['name']}: `{example['call']}`" for example in spec.get("examples", []))
    return f"{table}\n\nExamples:\n\n{examples}"


def macros_table() -> str:
    """Every macro a page may call, what it does and an example."""
    from . import macro_table

    specs = component_macros()
    rows = []
    for name, function in macro_table({}, ROOT / "docs").items():
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
    rows = [[f"`{e['id']}`", e["level"], callout._fill(e["heading"], settings), callout._fill(e["short"], settings, e)]
            for e in entries]
    return _table(["Id", "Level", "Heading", "Short (Before you start)"], rows)


def doses_table() -> str:
    """Every dose in doses.yml, with its limits and where each comes from."""
    rows = []
    for found in dose.registry().values():
        limits = "; ".join(f"{dose.LABELS[key].lower().rstrip('?')}: {durations.say_duration(seconds)}"
                           for key, seconds in found.limits.items())
        cited = sorted({found.sources[key]["publisher"] if found.sources[key] else "Knotwork's own limit"
                        for key in dose.LABELS})
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
    from .check import SENTENCE_GRADE_FROM
    from .check import settings as read_settings

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


EXAMPLE_FIXTURE = ROOT / "tests" / "fixtures" / "bad" / "many-mistakes.md"
EXAMPLE_PAGE = "docs/techniques/foam-roller-on-the-floor.md"


def example_check() -> str:
    """What `make check` prints for the gallery's page with several mistakes (made by `make docs`
    only: the fixture is not part of the site)."""
    import datetime as dt
    import shutil
    import tempfile

    from . import check, macro_table

    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        (docs / "techniques").mkdir(parents=True)
        (docs / "assets" / "illustrations").mkdir(parents=True)
        for name, title in (("index.md", "Home"), ("safety.md", "Safety")):
            (docs / name).write_text(f"---\ntitle: {title}\n---\n\n{title}.\n", encoding="utf-8")
        shutil.copy(EXAMPLE_FIXTURE.parent.parent / "good" / "foam-roller-on-the-floor.svg",
                    docs / "assets" / "illustrations")
        page = docs / "techniques" / "foam-roller-on-the-floor.md"
        shutil.copy(EXAMPLE_FIXTURE, page)
        config = ROOT / "mkdocs.yml"
        problems = check.check_site(docs, config, macro_table(check.settings(config), docs), dt.date(2026, 12, 1))
        shown = [str(p).replace(str(page.resolve()), EXAMPLE_PAGE).replace(str(page), EXAMPLE_PAGE)
                 for p in problems]
    return "```text\n" + "\n".join(shown) + f"\n{len(problems)} problems in the pages.\n```"


def docs_table(name: str, settings: dict[str, Any] | None = None) -> str:
    """The generated Markdown named `name` (as in the marker comments of CONTRIBUTING.md)."""
    settings = settings or {}
    makers = {
        "front-matter": front_matter_table,
        "routine-fields": routine_fields_table,
        "sections": sections_list,
        "macros": macros_table,
        "callouts": lambda: callouts_table(settings),
        "levels": levels_table,
        "doses": doses_table,
        "durations": durations_text,
        "reading-level": lambda: reading_level_text(settings),
    }
    if name.startswith("parameters:"):
        return parameters_table(name.split(":", 1)[1])
    if name == "example-check":
        return example_check()
    if name not in makers:
        names = [*makers, *(f"parameters:{m}" for m in component_macros())]
        raise KnotworkError(f"there is no docs table `{name}`.{did_you_mean(name, names)}",
                            f"use one of {one_of(names)}.")
    return makers[name]()


# Regions only `make docs` writes (they need files that are not part of the site).
REPO_ONLY = {"example-check"}


def refresh(text: str, settings: dict[str, Any], site: bool = False) -> str:
    """`text` with every generated region written afresh (for the site, all but REPO_ONLY)."""

    def region(m: re.Match) -> str:
        if site and m[2] in REPO_ONLY:
            return m.group()
        return f"{m[1]}{docs_table(m[2], settings)}\n{m[4]}"

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


def contributing_guide(settings: dict[str, Any], path: Path = CONTRIBUTING) -> str:
    """CONTRIBUTING.md as the site's Markdown: tables made afresh, markers and repo links removed."""
    if not path.is_file():
        raise KnotworkError(f"{path.name} is missing next to mkdocs.yml.", "restore it from the repository.")
    text = refresh(path.read_text(encoding="utf-8"), settings, site=True)
    text = re.sub(r"<!-- (?:generated: [\w:-]+|end generated) -->\n?", "", text)
    return _site_links(text)


def main(argv: list[str]) -> int:
    from .check import settings as read_settings

    parser = argparse.ArgumentParser(prog="python -m macros.docs_tables",
                                     description="Write CONTRIBUTING.md's generated tables afresh.")
    parser.add_argument("--check", action="store_true", help="only say whether the file is up to date")
    parser.add_argument("--file", type=Path, default=CONTRIBUTING)
    args = parser.parse_args(argv)
    settings = read_settings(ROOT / "mkdocs.yml")
    old = args.file.read_text(encoding="utf-8")
    new = refresh(old, settings)
    if args.check:
        if new != old:
            print(f"{args.file.name}'s tables are out of date: run `make docs` and commit the result.")
            return 1
        print(f"{args.file.name}'s tables are up to date.")
        return 0
    if new != old:
        args.file.write_text(new, encoding="utf-8")
        print(f"Wrote the tables in {args.file.name} afresh.")
    else:
        print(f"{args.file.name}'s tables were already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

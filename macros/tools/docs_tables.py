"""`make docs`: CONTRIBUTING.md's generated tables written afresh (pages/guide.py makes them);
`--check` fails when the file is stale, and a test runs it."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from macros.checks.site import check_site
from macros.core.config import ROOT
from macros.core.config import settings as read_settings
from macros.pages.guide import CONTRIBUTING, refresh
from macros.pages.macro_table import macro_table

EXAMPLE_FIXTURE = ROOT / "tests" / "fixtures" / "bad" / "many-mistakes.md"
EXAMPLE_PAGE = "docs/techniques/foam-roller-on-the-floor.md"


def example_check() -> str:
    """What `make check` prints for the gallery's page with several mistakes (made by `make docs`
    only: the fixture is not part of the site)."""
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
        problems = check_site(docs, config, macro_table(read_settings(config), docs), dt.date(2026, 12, 1))
        shown = [str(p).replace(str(page.resolve()), EXAMPLE_PAGE).replace(str(page), EXAMPLE_PAGE)
                 for p in problems]
    return "```text\n" + "\n".join(shown) + f"\n{len(problems)} problems in the pages.\n```"


def refresh_all(text: str, settings: dict) -> str:
    """`text` with every generated region written afresh, the ones only `make docs` writes too."""
    return refresh(text, settings, macro_table(settings, ROOT / "docs"), {"example-check": example_check})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.tools.docs_tables",
                                     description="Write CONTRIBUTING.md's generated tables afresh.")
    parser.add_argument("--check", action="store_true", help="only say whether the file is up to date")
    parser.add_argument("--file", type=Path, default=CONTRIBUTING)
    args = parser.parse_args(argv)
    settings = read_settings(ROOT / "mkdocs.yml")
    old = args.file.read_text(encoding="utf-8")
    new = refresh_all(old, settings)
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

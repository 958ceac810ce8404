"""Check every page and report every problem at once: `python -m macros.tools.check docs` (what
`make check` runs).

The same checks run at the start of every build (see build/hooks.py), so `make build` and
`make test` stop with this list before any page is rendered, and `make serve` shows it on
every page until the pages are fixed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from macros.checks.report import annotation, summary
from macros.checks.site import check_site
from macros.core.config import settings
from macros.pages.macro_table import macro_table


def main(argv: list[str]) -> int:

    docs_dir = Path(argv[0] if argv else "docs")
    config_file = docs_dir.parent / "mkdocs.yml"
    problems = check_site(docs_dir, config_file, macro_table(settings(config_file), docs_dir))
    for problem in problems:
        print(problem)
        if os.environ.get("GITHUB_ACTIONS"):
            print(annotation(problem))
    print(summary(problems, docs_dir))
    return 1 if any(p.severity == "error" for p in problems) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

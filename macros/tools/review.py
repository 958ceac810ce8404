"""Record a review of pages as they stand, or list the state of every health page's review:
`python -m macros.tools.review` (what `make review` runs). What a review covers, and how a page
tells when it has changed since, is in checks/review.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from macros.checks.review import fingerprint, is_health_page, pages, status, status_of
from macros.components import review, technique
from macros.components.review import Status, describe
from macros.core.config import ROOT, settings
from macros.core.errors import KnotworkError
from macros.core.fields import MARKUP
from macros.core.page import FRONT_MATTER, read_page, read_text, shown_path


def record(path: Path, docs_dir: Path, settings: dict[str, Any], day: dt.date, by: str | None = None) -> Status:
    """Write the review record of the page at `path` as it stands: reviewed on `day`, due a year
    later, by `by` (a clinician) or by no clinician (any `reviewed_by` goes), with its fingerprint."""
    path = path.resolve()
    page, problems = read_page(path, shown_path(path))
    if problems or not page.readable:
        raise KnotworkError(f"{shown_path(path)} cannot be read: {problems[0].message if problems else ''}",
                            "fix the page first (`make check`).")
    if not is_health_page(page, docs_dir):
        raise KnotworkError(f"{shown_path(path)} shows no callout or dose: it has no review to record.",
                            "record reviews of techniques, routines and pages that show callouts.")
    if by is not None:
        by = " ".join(by.split())
        limit = technique.fields()["reviewed_by"]["max_length"]
        if not by or MARKUP.search(by) or len(by) > limit:
            raise KnotworkError(f"the reviewer `{by}` must be plain words, at most {limit} characters.",
                                'give their name, profession and registration: BY="Jane Doe, physiotherapist '
                                '(HCPC PH012345)".')
    if day > dt.date.today():
        raise KnotworkError(f"the review date {day} is in the future.", "give the day the review happened.")
    values = {"last_reviewed": day.isoformat(),
              "review_due": (day + dt.timedelta(days=review.spec()["valid_for_days"])).isoformat(),
              "reviewed_by": _yaml(by) if by else None,
              "reviewed_hash": fingerprint(page, docs_dir, settings)}
    path.write_text(with_record(read_text(path), values), encoding="utf-8")
    return status_of(path, docs_dir, settings)


def _yaml(value: str) -> str:
    return yaml.safe_dump(value, default_style=None, width=1000).strip().removesuffix("...").strip()


def with_record(text: str, values: dict[str, str | None]) -> str:
    """`text` with its front matter's review fields set to `values` (None: removed), each on the
    line it had, new ones before the closing `---`."""
    match = FRONT_MATTER.match(text)
    if not match:
        front, rest = "", text
    else:
        front, rest = match.group(1) or "", text[match.end():]
    lines = front.split("\n")[:-1] if front else []
    for key, value in values.items():
        at = next((n for n, ln in enumerate(lines) if re.match(rf"{key}\s*:", ln)), None)
        if value is None:
            if at is not None:
                del lines[at]
        elif at is not None:
            lines[at] = f"{key}: {value}"
        else:
            lines.append(f"{key}: {value}")
    return "---\n" + "".join(f"{ln}\n" for ln in lines) + "---\n" + rest


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make review", description="List the health pages and the state of "
                                     "their reviews, or record a review of pages as they stand.")
    parser.add_argument("pages", nargs="*", help="pages to record a review of, e.g. docs/techniques/x.md, or "
                        "`all` for every health page; none: list them all")
    parser.add_argument("--by", default="", help="the clinician who reviewed them: name, profession and "
                        "registration; leave out for a check by the editors (no clinician)")
    parser.add_argument("--date", default="", help="the day of the review, YYYY-MM-DD (default: today)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    docs, conf = args.docs.resolve(), settings(ROOT / "mkdocs.yml")
    names = [name for given in args.pages for name in given.split()]
    if not names:
        for page in pages(docs):
            print(f"{page.rel}: {describe(status(page, docs, conf))}")
        print('Record a review of pages as they stand: make review PAGE="docs/…md" (BY="Name, profession '
              '(registration)" for a clinician). CONTRIBUTING.md, Clinical review, says when.')
        return 0
    try:
        day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(f"Cannot record the review: `{args.date}` is not a date.\n    fix: write it as YYYY-MM-DD.",
              file=sys.stderr)
        return 2
    paths = [p.path for p in pages(docs)] if names == ["all"] else [Path(n) for n in names]
    for path in paths:
        try:
            if not path.is_file():
                raise KnotworkError(f"{path} is not a page.", "give the page's path, e.g. docs/techniques/x.md.")
            found = record(path, docs, conf, day, args.by or None)
        except KnotworkError as err:
            print(f"Cannot record the review: {err.message}\n    fix: {err.fix}", file=sys.stderr)
            return 2
        print(f"{shown_path(path.resolve())}: {describe(found)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The problems as `make check` prints them, and as GitHub lists them on a pull request."""

from __future__ import annotations

from pathlib import Path

from macros.core.errors import PagesInvalid, Problem


def annotation(problem: Problem) -> str:
    """A GitHub Actions annotation, so CI lists the problem on the pull request's files."""
    text = problem.message + (f"\nFix: {problem.fix}" if problem.fix else "")
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{problem.severity} file={problem.file},line={problem.line or 1}::{text}"


def report(problems: list[Problem], docs_dir: Path) -> str:
    """What `make check` prints (without CI's annotations): every problem, then the summary."""
    return "\n".join([*map(str, problems), summary(problems, docs_dir)])


def summary(problems: list[Problem], docs_dir: Path) -> str:
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    also = f" ({warnings} warning{'s' if warnings != 1 else ''} too)" if warnings else ""
    if errors:
        return PagesInvalid(errors).args[0].splitlines()[0].rstrip(":") + also + "."
    if warnings:
        return (f"No errors in the pages of {docs_dir}; {warnings} warning{'s' if warnings != 1 else ''} to look at, "
                "listed above.")
    return f"All pages in {docs_dir} look right."

"""How long `make check` takes on one very large page: a benchmark, not a test (it asserts nothing).

A copy of the project gets a technique page padded with plain paragraphs to each size, and
`python -m macros.tools.check docs` is timed on it twice: as the site stands (the page is over
max_page_kb, so it is refused before it is read), and with the limit lifted, which times the
checks' own work on a page that size (it grows in line with the page since line numbers are
found once per page, not counted from the top for every sentence).

    .venv/bin/python tests/bench/check_size.py            # 2 MB and 5 MB
    .venv/bin/python tests/bench/check_size.py 0.5 2      # other sizes, in MB
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "tests")]
from conftest import copy_project  # noqa: E402

PARAGRAPH = ("A knot is a small, tight spot in a muscle that hurts when you press it. Lying on a\n"
             "tennis ball puts your own weight on that spot. If you hold still, the ache often fades\n"
             "as you stay there.\n\n")


def padded(project: Path, megabytes: float) -> int:
    """Pad the first technique page of `project` to about `megabytes`; its size in bytes."""
    page = sorted((project / "docs" / "techniques").glob("*.md"))[0]
    text = page.read_text(encoding="utf-8")
    need = int(megabytes * 1024 * 1024) - len(text.encode())
    page.write_text(text.replace("## Safety\n", PARAGRAPH * max(0, need // len(PARAGRAPH)) + "## Safety\n", 1),
                    encoding="utf-8")
    return page.stat().st_size


def timed_check(project: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "macros.tools.check", "docs"], cwd=project, capture_output=True,
                            text=True, timeout=3600)
    return time.perf_counter() - start, result.stdout.strip().splitlines()[-1]


def main(sizes: list[float]) -> None:
    print(f"{'page':>8}  {'as the site stands':>20}  {'limit lifted':>14}  summary with the limit lifted")
    for megabytes in sizes:
        with tempfile.TemporaryDirectory() as work:
            project = copy_project(Path(work) / "project")
            size = padded(project, megabytes)
            refused, _ = timed_check(project)
            config = project / "mkdocs.yml"
            config.write_text(re.sub(r"max_page_kb: \d+", "max_page_kb: 100000", config.read_text()))
            read, summary = timed_check(project)
            print(f"{size / 1024 / 1024:>6.1f}MB  {refused:>19.1f}s  {read:>13.1f}s  {summary}")


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [2.0, 5.0])

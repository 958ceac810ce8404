"""ProperDocs, the maintained continuation of MkDocs 1.x, builds this site from the same
mkdocs.yml (hooks, macros and plugins included): every page and the sitemap must come out as
MkDocs makes them, so the site can move to it, or keep building if MkDocs stops, unchanged.

One normalisation only: the `<meta name="generator">` tag, which names the engine and its
version and so must differ. It must be there exactly once on every page of both builds, so
the normalisation cannot hide anything else. Both builds get the same SOURCE_DATE_EPOCH, so
the sitemap's dates (the build's date) agree even across midnight, with no normalising.
sitemap.xml.gz is compared by what it holds, as its gzip header records when it was written.

Zensical, Material's successor, is not tested (it ignores hooks and third-party plugins), but
templates and macros keep to what it can run where that costs nothing."""

from __future__ import annotations

import difflib
import gzip
import importlib.metadata
import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import MKDOCS, ROOT, build, copy_project

from macros.pages import rendering

PROPERDOCS = [sys.executable, "-m", "properdocs"]
GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')
# Any fixed moment will do (here 2026-01-01): the same for both builds.
SAME_DATE = {"SOURCE_DATE_EPOCH": "1767225600"}


def compared_files(site: Path) -> list[str]:
    """Every HTML page and the sitemap, as paths from the site root."""
    files = [p for p in site.rglob("*") if p.suffix == ".html" or p.name.startswith("sitemap.xml")]
    return sorted(p.relative_to(site).as_posix() for p in files)


def normalised(site: Path, name: str) -> tuple[str, list[str]]:
    """The file's text with the generator tag's content blanked, and the contents it had."""
    data = (site / name).read_bytes()
    # The compressed sitemap's gzip header holds the time it was written: compare what it holds.
    text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
    if not name.endswith(".html"):
        return text, []
    generators = GENERATOR.findall(text)
    return GENERATOR.sub('<meta name="generator" content="">', text), generators


def first_difference(expected: str, actual: str, name: str, lines: int = 30) -> str:
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"mkdocs/{name}",
                                f"properdocs/{name}", n=2, lineterm="")
    return "\n".join(list(diff)[:lines])


def needs_properdocs() -> None:
    if importlib.util.find_spec("properdocs") is None:
        message = "ProperDocs is not installed: run `make test`, which installs requirements.lock"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a missing tool is a failure, never a skip
        pytest.skip(message)


@pytest.mark.build
def test_properdocs_builds_the_same_pages_as_mkdocs(tmp_path):
    needs_properdocs()
    project = copy_project(tmp_path / "src")
    sites = {}
    for name, engine in (("mkdocs", MKDOCS), ("properdocs", PROPERDOCS)):
        sites[name] = tmp_path / name
        result = build(project, sites[name], engine=engine, env=SAME_DATE)
        assert result.returncode == 0, f"{name} build failed:\n{result.stdout}{result.stderr}"

    mkdocs_files, properdocs_files = compared_files(sites["mkdocs"]), compared_files(sites["properdocs"])
    assert "index.html" in mkdocs_files and "sitemap.xml" in mkdocs_files
    assert mkdocs_files == properdocs_files, (
        f"only MkDocs made: {sorted(set(mkdocs_files) - set(properdocs_files))}; "
        f"only ProperDocs made: {sorted(set(properdocs_files) - set(mkdocs_files))}")

    for name in mkdocs_files:
        expected, mkdocs_generators = normalised(sites["mkdocs"], name)
        actual, properdocs_generators = normalised(sites["properdocs"], name)
        if name.endswith(".html"):
            assert len(mkdocs_generators) == 1 and len(properdocs_generators) == 1, (
                f"{name}: expected one generator tag in each build, found {mkdocs_generators} (MkDocs) "
                f"and {properdocs_generators} (ProperDocs)")
            # Two different engines really ran (not the same one twice under two names).
            assert "ProperDocs" in properdocs_generators[0] and "ProperDocs" not in mkdocs_generators[0], name
        assert actual == expected, (f"{name} differs between MkDocs and ProperDocs (first of "
                                    f"{len(mkdocs_files)} files compared):\n"
                                    f"{first_difference(expected, actual, name)}")


def test_properdocs_installed_beside_mkdocs_leaves_mkdocs_itself():
    """ProperDocs redirects `mkdocs.*` imports to itself only inside its own process
    (properdocs/replacement.py, imported by its command): here `mkdocs` is still MkDocs."""
    import mkdocs

    needs_properdocs()
    locked = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().split())
    assert importlib.metadata.version("mkdocs") == locked["mkdocs"]
    assert Path(mkdocs.__file__).parent.name == "mkdocs"
    owned = {str(f).split("/")[0] for f in importlib.metadata.files("properdocs") or []}
    assert "mkdocs" not in owned, "ProperDocs installs files into MkDocs' package"


# Zensical, Material's successor, renders templates and page macros with MiniJinja, which has
# Jinja's syntax and filters but none of Python's own methods on strings, lists or dicts.
PYTHON_METHODS = re.compile(
    r"\.(startswith|endswith|split|rsplit|splitlines|replace|strip|lstrip|rstrip|lower|upper|title|capitalize|"
    r"format|join|find|rfind|index|count|items|keys|values|get|append|extend|pop|update)\(")
JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)


def test_templates_and_pages_call_no_python_method_that_zensical_lacks():
    found = []
    for file in sorted([*(ROOT / "overrides").rglob("*.html"), *(ROOT / "docs").rglob("*.md")]):
        # What `{% raw %}` shows as it is is no template: blank it, keeping the line count.
        text = RAW.sub(lambda m: "\n" * m.group().count("\n"), file.read_text(encoding="utf-8"))
        for tag in JINJA_TAG.finditer(text):
            for call in PYTHON_METHODS.finditer(tag.group()):
                line = text.count("\n", 0, tag.start() + call.start()) + 1
                found.append(f"{file.relative_to(ROOT)}:{line}: `.{call.group(1)}(…)` in `{tag.group()[:80]}`")
    assert not found, ("Python methods in templates (use a filter, a test, or slicing: "
                       "`x[:n] == 'abc'` for startswith):\n" + "\n".join(found))


def test_a_macro_error_names_the_page_also_where_the_page_has_no_file():
    class ZensicalPage:  # what Zensical gives define_env as env.page: url, path, title, meta
        url, path, title, meta = "techniques/x/", "techniques/x.md", "X", {}

    assert rendering.where(ZensicalPage()) == ("the page at techniques/x/", None)

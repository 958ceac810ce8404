"""MkDocs hooks: check every page before the build, and frame each technique page with
the header and sources list made from its front matter."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@event_priority(100)  # before mkdocs-macros imports the package in its own on_config
def on_config(config):
    # `mkdocs serve` rebuilds in the same Python process, which keeps imported modules and
    # this hook file. Forget the `macros` package so edited macro code is imported afresh.
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]
    return config


# Not a child of the `mkdocs` logger: a review that is due is reported, but must not fail
# a strict build.
log = logging.getLogger("knotwork")


def on_pre_build(config) -> None:
    # Imported here, not at the top: see on_config.
    from macros import check, macro_table
    from macros.errors import PagesInvalid

    docs_dir = Path(config["docs_dir"])
    settings = config["extra"].get("knotwork", {})
    problems = check.check_site(docs_dir, Path(config["config_file_path"]), macro_table(settings, docs_dir))
    for warning in (p for p in problems if p.severity == "warning"):
        if os.environ.get("CI"):
            print(f"::warning file={warning.file},line={warning.line or 1}::{warning.message}")
        log.warning("%s", warning)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise Abort(str(PagesInvalid(errors)))


def on_page_markdown(markdown: str, page, config, files) -> str:
    from macros import technique

    path = Path(page.file.abs_src_path)
    if path.resolve() not in technique.technique_files(Path(config["docs_dir"])):
        return markdown
    doc, _ = technique.load(path)
    # Search engines and link previews read the summary.
    page.meta.setdefault("description", doc.meta["summary"])
    base = "../" * page.url.count("/")
    header = technique.header(doc.meta, Path(config["docs_dir"]), base)
    return f"{header}\n\n{markdown}{technique.sources(doc.meta)}"


def on_files(files, config):
    # Component specs (*.yml) sit beside their templates for the code and docs to read;
    # readers do not need them.
    for file in [f for f in files if f.src_uri.startswith("components/") and f.src_uri.endswith(".yml")]:
        files.remove(file)
    return files

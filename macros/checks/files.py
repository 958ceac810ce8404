"""Only the files a contribution may add: MkDocs publishes every file under docs/ as it is, a
symlink's target included, and a file named like one of the theme's replaces it on every page.
So docs/ holds pages (`.md`), drawings where drawings go (docs/assets/illustrations/*.svg) and the
short list page.yml keeps, and nothing else; no symlink, and no file whose real path leaves it.

A drawing is served from the site's own address and opened directly, where its own script
would run: each is read with defusedxml (no DTD, no entity, no external reference) and may hold
no script, event handler, foreignObject, animation, reference to another file or host, or
stylesheet of its own, and be no larger than max_drawing_kb (mkdocs.yml)."""

from __future__ import annotations

import os
import re
import xml.sax
from pathlib import Path
from typing import Any

import defusedxml.sax
from defusedxml import DefusedXmlException

from macros.components import page as kinds
from macros.core.errors import Problem
from macros.core.page import shown_path

DRAWINGS = "assets/illustrations/*.svg"
# Editors' and systems' own files: MkDocs never publishes a file or folder whose name starts with a dot.
_HIDDEN = "."
# What MkDocs builds as a page, and what misnamed_pages (checks/site.py) names when it is not `.md`.
_PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def check_files(docs_dir: Path, conf: dict[str, Any]) -> list[Problem]:
    """Every file under docs_dir that a contribution may not add, and every problem of each drawing."""
    problems = []
    root = docs_dir.resolve()
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(_HIDDEN))
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            problems += _one_file(path, root, docs_dir, conf, is_dir=name in dirs)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return problems


def page_files(docs_dir: Path) -> list[Path]:
    """The pages check_files lets through (`.md`, no symlink, inside docs_dir), resolved."""
    root = docs_dir.resolve()
    return sorted(p.resolve() for p in docs_dir.rglob("*.md") if not _linked(p, docs_dir) and
                  root in p.resolve().parents and p.is_file())


def _linked(path: Path, docs_dir: Path) -> bool:
    """Whether `path`, or a folder on the way to it from docs_dir, is a symlink."""
    rel = path.relative_to(docs_dir)
    return any((docs_dir / Path(*rel.parts[:n])).is_symlink() for n in range(1, len(rel.parts) + 1))


def _one_file(path: Path, root: Path, docs_dir: Path, conf: dict[str, Any], is_dir: bool) -> list[Problem]:
    shown = shown_path(path)
    if path.name.startswith(_HIDDEN) and not path.is_symlink():
        return []  # not published
    if path.is_symlink():
        return [Problem(shown, f"`{shown}` is a symlink (to `{os.readlink(path)}`): the build would publish "
                        "whatever it points at.", "put the file itself there, or delete the link.", None)]
    if root not in path.resolve().parents:
        return [Problem(shown, f"`{shown}` is really `{path.resolve()}`, outside {docs_dir}: the build would "
                        "publish it.", "put the file itself under docs/.", None)]
    if is_dir:
        return []
    rel = path.relative_to(docs_dir).as_posix()
    reserved = kinds.spec().get("reserved_pages") or {}
    if rel in reserved:
        return [Problem(shown, f"`{rel}` is a page the site makes itself: {reserved[rel]}.",
                        "give the page another file name.", None)]
    if path.suffix.lower() in _PAGE_SUFFIXES or rel in (kinds.spec().get("other_files") or []):
        return []
    if _is_drawing(rel):
        return check_drawing(path, conf)
    where = ("a drawing goes in docs/assets/illustrations/" if path.suffix.lower() == ".svg" else
             "a page is a `.md` file and a drawing an SVG file in docs/assets/illustrations/; any other file "
             "would be published as it is (a `.html` file as a page of the site, a file named like one of the "
             "theme's in its place)")
    return [Problem(shown, f"`{shown}` is not a file a page or drawing may add: {where}.",
                    "move the drawing there, or delete the file (a file the site needs goes in page.yml's "
                    "`other_files`, in a change of its own).", None)]


def _is_drawing(rel: str) -> bool:
    folder, _, name = DRAWINGS.rpartition("/")
    return rel.startswith(folder + "/") and "/" not in rel[len(folder) + 1:] and rel.endswith(".svg")


# A drawing --------------------------------------------------------------------------------------

# Elements that run code, show another document, or change the drawing after it has loaded.
_REFUSED_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "animate",
                     "animatemotion", "animatetransform", "animatecolor", "set", "discard", "audio", "video",
                     "canvas", "a"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "to", "from", "values", "by"}
_CSS_URL = re.compile(r"url\s*\(\s*(['\"]?)(.*?)\1\s*\)|@import|image-set\s*\(|expression\s*\(", re.I | re.S)
_FIX = ("draw with shapes, paths and text only (save as plain SVG, e.g. Inkscape's Plain SVG), with no script, "
        "link, animation or picture from elsewhere.")


def check_drawing(path: Path, conf: dict[str, Any]) -> list[Problem]:
    """Every reason the drawing at `path` may not be served as it is, with its line where known."""
    shown = shown_path(path)
    limit = conf.get("max_drawing_kb")
    size = path.stat().st_size
    if limit is not None and size > int(limit) * 1024:
        return [Problem(shown, f"the drawing is {size / 1024:,.0f} KB; a drawing may be at most {limit} KB.",
                        "simplify it, or save it as optimised SVG (the limit is max_drawing_kb in mkdocs.yml).", 1)]
    reader = _DrawingReader(shown)
    try:
        defusedxml.sax.parseString(path.read_bytes(), reader, forbid_dtd=True, forbid_entities=True,
                                   forbid_external=True)
    except DefusedXmlException as err:
        return [Problem(shown, f"the drawing declares a DTD or an entity ({type(err).__name__}): they can read "
                        "other files or take all the build's memory.", "save it as plain SVG, without a "
                        "`<!DOCTYPE …>`.", reader.line())]
    except xml.sax.SAXParseException as err:
        return [Problem(shown, f"the drawing is not well-formed XML: {err.getMessage()} (column "
                        f"{err.getColumnNumber() + 1}).", "save it again from your drawing program as plain SVG.",
                        err.getLineNumber())]
    if reader.root is not None and reader.root != "svg":
        reader.problems.insert(0, Problem(shown, f"the drawing's outermost element is `<{reader.root}>`, not "
                                          "`<svg>`.", _FIX, 1))
    return reader.problems


class _DrawingReader(xml.sax.ContentHandler):
    """Reads a drawing element by element, noting each thing it may not hold with its line."""

    def __init__(self, shown: str) -> None:
        super().__init__()
        self.shown, self.problems, self.root = shown, [], None
        self._locator = None

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 (the SAX API's name)
        self._locator = locator

    def line(self) -> int | None:
        return self._locator.getLineNumber() if self._locator else None

    def _refuse(self, what: str) -> None:
        self.problems.append(Problem(self.shown, f"the drawing has {what}: opened from the site, it would run "
                                     "or load it on the site's own address.", _FIX, self.line()))

    def startElement(self, name: str, attrs) -> None:  # noqa: N802
        local = name.rsplit(":", 1)[-1].lower()
        self.root = self.root or local
        if local in _REFUSED_ELEMENTS:
            self._refuse(f"a `<{name}>` element")
        for attribute in attrs.getNames():
            key, value = attribute.rsplit(":", 1)[-1].lower(), attrs.getValue(attribute)
            if key.startswith("on"):
                self._refuse(f"an event handler, `{attribute}`")
            elif key in _URL_ATTRIBUTES and not _same_drawing(value):
                self._refuse(f"a reference to another file or host, `{attribute}=\"{value[:60]}\"`")
            elif key == "style" and _outside(value):
                self._refuse(f"a style that loads from elsewhere, `{value[:60]}`")
        if local == "style":
            self._refuse("a stylesheet of its own (`<style>`)")

    def processingInstruction(self, target: str, data: str) -> None:  # noqa: N802
        self._refuse(f"a processing instruction, `<?{target} {data[:50]}?>`")


def _same_drawing(value: str) -> bool:
    """A reference to a part of the drawing itself: `#id`."""
    return re.fullmatch(r"#[\w.:-]+", value.strip()) is not None


def _outside(css: str) -> bool:
    """CSS that loads something: any url() but one to a part of the drawing, image-set(), @import."""
    return any(m.group(0).lower().startswith(("@import", "image-set", "expression")) or
               not _same_drawing(m.group(2) or "") for m in _CSS_URL.finditer(css))

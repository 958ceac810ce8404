"""Reading offline and installing the site (a web app manifest and a service worker), made at
the end of the build: /manifest.webmanifest with icons drawn from the site's icon, and /sw.js
from overrides/assets/knotwork-sw.js with the build's version, its settings, the files every
page needs and the list of every page and file of the guide (kept once a page is idle) written in.

`extra.knotwork.offline: false` in mkdocs.yml turns it off: no manifest, pages stop
registering the worker, and /sw.js becomes one that deletes its caches and unregisters
itself in every browser that had it (the way out of a broken worker).

Plain functions; hooks.py calls them."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import struct
from pathlib import Path

import resvg_py

from macros.core import disk_cache
from macros.core.config import THEME
from macros.core.errors import KnotworkError
from macros.output import bundle

SOURCE = "assets/knotwork-sw.js"
WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
# What every page loads, kept when the worker is installed (a first visit's own files were
# loaded before there was a worker). Pages are kept as they are read, not ahead.
SHELL = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css",
         "assets/javascripts/bundle.*.min.js", "assets/knotwork*.min.css", "assets/knotwork*.min.js",
         "assets/favicon.svg", "sitemap.xml")
# The guide kept offline: every file of the build but these (source maps, Material's search
# languages other than English, the gzipped sitemap, the worker itself). A new page or
# picture joins by itself.
LEFT_OUT = ("sw.js", "*.map", "*.gz", "assets/javascripts/lunr/*")
# Material's indigo, as the header shows it.
THEME_COLOUR = "#4051b5"
BACKGROUND = "#ffffff"
ICON = "assets/favicon.svg"
# The install icons, drawn from ICON: (file, size in pixels, purpose). A maskable icon is cut
# to a circle or a rounded square by the phone: the drawing sits within its middle 80 %.
ICONS = (("assets/icons/icon-192.png", 192, "any"), ("assets/icons/icon-512.png", 512, "any"),
         ("assets/icons/icon-maskable-512.png", 512, "maskable"))
MASKABLE_MARGIN = 0.1


def enabled(settings: dict) -> bool:
    """Whether offline reading is on (extra.knotwork.offline; on unless set to false)."""
    return settings.get("offline", True) is not False


def shell(site: Path) -> list[str]:
    """The files of SHELL in this build, as paths from the site's root."""
    found = sorted({p.relative_to(site).as_posix() for pattern in SHELL for p in site.glob(pattern) if p.is_file()})
    missing = [pattern for pattern in SHELL if not any(site.glob(pattern))]
    if missing:
        raise KnotworkError(f"the build made no {', '.join(missing)}, which the offline worker keeps.",
                            "correct SHELL in macros/offline.py, or set `offline: false` under extra: knotwork:.")
    return found


def guide(site: Path) -> list[str]:
    """Every page and file of the built guide, as paths from the site's root: a page as its
    address (techniques/x/ for techniques/x/index.html), as readers ask for it."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in LEFT_OUT):
            continue
        found.append(name[: -len("index.html")] if path.name == "index.html" else name)
    return found


def version(site: Path) -> str:
    """A hash of every file of the built site but the worker: a new build, a new version."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.relative_to(site).as_posix() != WORKER):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _js_string(value) -> str:
    """`value` as JSON, written inside a JavaScript string."""
    return json.dumps(json.dumps(value))[1:-1]


def worker(build: str, on: bool, files: list[str], everything: list[str] | None = None, theme: Path = THEME) -> str:
    """The service worker's script: the source, minified, with this build's values written in:
    `files` kept at install, `everything` once a page asks."""
    source = bundle.script((theme / SOURCE).read_text(encoding="utf-8"))
    values = {"@VERSION@": build, "@OFF@": "false" if on else "true",
              "@SHELL@": _js_string(files), "@FILES@": _js_string(everything or [])}
    for marker, value in values.items():
        if source.count(marker) != 1:
            raise KnotworkError(f"{SOURCE} must hold {marker} once.", f'write it once, in a string: "{marker}".')
        source = source.replace(marker, value)
    return source


def icon_svg(svg: str, margin: float = 0.0, background: str | None = None) -> str:
    """The site's icon as a square drawing with `margin` (a share of its width) on each side,
    on `background` (a colour) where given."""
    root = re.match(r"\s*<svg\b([^>]*)>(.*)</svg>\s*$", svg, re.S)
    box = root and re.search(r'viewBox="([^"]+)"', root[1])
    if not box:
        raise KnotworkError(f"{ICON} must be one <svg> element with a viewBox.",
                            'draw it on a square, e.g. <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">.')
    size = 1000
    inner = size * (1 - 2 * margin)
    fill = f'<rect width="{size}" height="{size}" fill="{background}"/>' if background else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">{fill}'
            f'<svg x="{size * margin:g}" y="{size * margin:g}" width="{inner:g}" height="{inner:g}" '
            f'viewBox="{box[1]}">{root[2]}</svg></svg>')


def icons(site: Path) -> list[dict]:
    """Draw the install icons (ICONS) from the built site's icon; their manifest entries. Each is
    kept between builds (core/disk_cache.py), named by its drawing, its size, resvg's version
    and this code: a new icon is drawn afresh, never served from an old one."""
    svg = (site / ICON).read_text(encoding="utf-8")
    entries = []
    for name, size, purpose in ICONS:
        maskable = purpose == "maskable"
        drawing = icon_svg(svg, MASKABLE_MARGIN, BACKGROUND) if maskable else icon_svg(svg)
        made_from = (drawing, str(size), resvg_py.__version__, resvg_py.__resvg_version__,
                     disk_cache.fingerprint(__file__))
        png = disk_cache.data("icons", made_from, lambda drawing=drawing, size=size: draw_png(drawing, size),
                              lambda kept, size=size: png_size(kept) == (size, size), ".png")
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
        entries.append({"src": name, "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose})
    return entries


def draw_png(drawing: str, size: int) -> bytes:
    """`drawing` (an SVG) as a PNG of `size` pixels square."""
    return bytes(resvg_py.svg_to_bytes(svg_string=drawing, width=size, height=size, skip_system_fonts=True))


def png_size(png: bytes) -> tuple[int, int] | None:
    """A PNG's width and height, as its header gives them; None for what is no PNG."""
    if len(png) < 24 or png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", png[16:24])


def manifest(config, icon_entries: list[dict] | None = None) -> str:
    """The web app manifest: a name, icons, and the site's own address as where it starts."""
    return json.dumps({
        "name": config["site_name"],
        "short_name": config["site_name"],
        "description": config.get("site_description") or "",
        "lang": config["theme"].get("language") or "en",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME_COLOUR,
        "icons": [*(icon_entries or []), {"src": ICON, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }, ensure_ascii=False, indent=1) + "\n"


def write(config) -> None:
    """Write manifest.webmanifest (when on) and sw.js into the built site."""
    site = Path(config["site_dir"])
    on = enabled(config["extra"].get("knotwork", {}))
    if on:
        (site / MANIFEST).write_text(manifest(config, icons(site)), encoding="utf-8")
    files, everything = (shell(site), guide(site)) if on else ([], [])
    (site / WORKER).write_text(worker(version(site), on, files, everything), encoding="utf-8")

"""Reading offline and installing the site (a web app manifest and a service worker), made at
the end of the build: /manifest.webmanifest, and /sw.js from overrides/assets/knotwork-sw.js
with the build's version, its settings and the files every page needs written in.

`extra.knotwork.offline: false` in mkdocs.yml turns it off: no manifest, pages stop
registering the worker, and /sw.js becomes one that deletes its caches and unregisters
itself in every browser that had it (the way out of a broken worker).

Plain functions; hooks.py calls them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import rjsmin

from .errors import KnotworkError

THEME = Path(__file__).resolve().parent.parent / "overrides"
SOURCE = "assets/knotwork-sw.js"
WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
# What every page loads, kept when the worker is installed (a first visit's own files were
# loaded before there was a worker). Pages are kept as they are read, not ahead.
SHELL = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css",
         "assets/javascripts/bundle.*.min.js", "assets/knotwork*.min.css", "assets/knotwork*.min.js",
         "assets/favicon.svg", "sitemap.xml")
# Material's indigo, as the header shows it.
THEME_COLOUR = "#4051b5"


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


def version(site: Path) -> str:
    """A hash of every file of the built site but the worker: a new build, a new version."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.relative_to(site).as_posix() != WORKER):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def worker(build: str, on: bool, files: list[str], theme: Path = THEME) -> str:
    """The service worker's script: the source, minified, with this build's values written in."""
    source = rjsmin.jsmin((theme / SOURCE).read_text(encoding="utf-8"))
    values = {"@VERSION@": build, "@OFF@": "false" if on else "true",
              "@SHELL@": json.dumps(json.dumps(files))[1:-1]}
    for marker, value in values.items():
        if source.count(marker) != 1:
            raise KnotworkError(f"{SOURCE} must hold {marker} once.", f'write it once, in a string: "{marker}".')
        source = source.replace(marker, value)
    return source


def manifest(config) -> str:
    """The web app manifest: a name, an icon, and the site's own address as where it starts."""
    return json.dumps({
        "name": config["site_name"],
        "short_name": config["site_name"],
        "description": config.get("site_description") or "",
        "lang": config["theme"].get("language") or "en",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [{"src": "assets/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }, ensure_ascii=False, indent=1) + "\n"


def write(config) -> None:
    """Write manifest.webmanifest (when on) and sw.js into the built site."""
    site = Path(config["site_dir"])
    on = enabled(config["extra"].get("knotwork", {}))
    if on:
        (site / MANIFEST).write_text(manifest(config), encoding="utf-8")
    (site / WORKER).write_text(worker(version(site), on, shell(site) if on else []), encoding="utf-8")

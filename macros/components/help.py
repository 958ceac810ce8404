""""Get help now": the emergency and urgent callouts, one tap from anywhere on every page
(overrides/components/help/help.yml). Made once a build from the callout registry, by level,
so a new card of those levels joins by itself. The theme puts it at the end of every page's
content, and the header's "Get help now" (open.html) opens it.

Plain functions: the build hook (on_env) calls them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from macros.components import callout
from macros.core import spec as components

NAME = "help"
# Where the build leaves the panel for the theme (config.extra).
EXTRA = "knotwork_help"


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def callout_ids() -> list[str]:
    """The registry's callouts of the panel's levels, most urgent level first, in registry order."""
    entries = callout.registry().values()
    return [entry["id"] for level in spec()["levels"] for entry in entries if entry["level"] == level]


def site_root(site_url: str | None) -> str:
    """The path of the site's root ("/", or "/knotwork/" for a site in a folder): the panel is
    made once for every page (and the 404 page, which any address shows), so its link to the
    Safety page starts from there."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def panel(settings: dict[str, Any], site_url: str | None) -> Markup:
    """The "Get help now" panel, as every page holds it."""
    cards = Markup("\n").join(callout.callout(cid, settings=settings) for cid in callout_ids())
    return components.render(NAME, id=spec()["id"], callouts=cards, safety=site_root(site_url) + "safety/")

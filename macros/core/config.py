"""Where the project's files are, and what mkdocs.yml says, read as MkDocs reads it."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import mergedeep  # MkDocs' own merging of an INHERIT-ed file
import yaml
from yaml_env_tag import construct_env_tag  # MkDocs' own reading of `!ENV`

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "overrides"
COMPONENTS = THEME / "components"


def settings(config_file: Path) -> dict[str, Any]:
    """extra.knotwork from mkdocs.yml, read as `config` reads it."""
    return (config(config_file).get("extra") or {}).get("knotwork") or {}


def config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data: `!ENV` read as MkDocs reads it (site_url comes from SITE_URL
    when that is set), MkDocs' other tags ignored, and `INHERIT` followed as MkDocs follows it
    (this file's settings over those of the file it names: a fork's mkdocs.yml that inherits
    the project's has the project's settings, so its pages' reviews still match); each file
    read once until it changes."""
    found = copy.deepcopy(_config(config_file.resolve(), config_file.stat().st_mtime_ns))
    inherited = found.pop("INHERIT", None) if isinstance(found, dict) else None
    if inherited:
        found = mergedeep.merge(config(config_file.resolve().parent / str(inherited)), found)
    return found


@functools.lru_cache(maxsize=8)
def _config(config_file: Path, mtime: int) -> dict[str, Any]:
    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass


    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", construct_env_tag)
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}

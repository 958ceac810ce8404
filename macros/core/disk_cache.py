"""Work that gives the same text every build, kept on disk between builds: a page's QR code is
drawn once, not on every build and every `make serve` rebuild.

An entry is named by a hash of everything it is made from (the inputs, the version of the
library that makes it, the code of the module that makes it), so a change to any of them makes
a new entry and never serves an old one. Kept in `.cache/knotwork/` beside mkdocs.yml (as
Material keeps its own plugins' caches in `.cache/`); `folder` is None, and nothing is kept, until
the build names it (build/hooks.py, on_config). A cache that cannot be written is left alone:
the text is made each time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

folder: Path | None = None


def text(kind: str, made_from: tuple[str, ...], make: Callable[[], str]) -> str:
    """The text `make()` gives for `made_from`, from the cache when it has it."""
    if folder is None:
        return make()
    key = hashlib.sha256("\0".join(made_from).encode("utf-8")).hexdigest()
    path = folder / kind / f"{key}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    made = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")  # whole or not at all
        part.write_text(made, encoding="utf-8")
        part.replace(path)
    except OSError:
        pass
    return made


def fingerprint(module_file: str) -> str:
    """A hash of a module's own code: part of what its cached work is made from."""
    return hashlib.sha256(Path(module_file).read_bytes()).hexdigest()

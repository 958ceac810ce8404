"""Work that gives the same text every build, kept on disk between builds: a page's QR code is
drawn once, not on every build and every `make serve` rebuild; so are the install icons.

An entry is named by a hash of everything it is made from (the inputs, the version of the
library that makes it, the code of the module that makes it), so a change to any of them makes
a new entry and never serves an old one; and an entry is used only if it still looks like what
its maker makes (`valid`), else it is made again.

Kept in the user's cache folder (`$XDG_CACHE_HOME/knotwork`, or `~/.cache/knotwork`;
`KNOTWORK_CACHE` names another), never in the project: a pull request could commit a file
there. `folder` is None, and nothing is kept, until the build names it (build/hooks.py,
on_pre_build). A cache that cannot be written is left alone: the text is made each time.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

folder: Path | None = None


def user_folder() -> Path:
    """Where a build keeps its cache: KNOTWORK_CACHE, else the user's cache folder."""
    named = os.environ.get("KNOTWORK_CACHE")
    if named:
        return Path(named)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "knotwork"


def text(kind: str, made_from: tuple[str, ...], make: Callable[[], str], valid: Callable[[str], bool]) -> str:
    """The text `make()` gives for `made_from`, from the cache when it has it and it is `valid`."""
    def valid_bytes(kept: bytes) -> bool:
        try:
            return valid(kept.decode("utf-8"))
        except UnicodeDecodeError:
            return False

    return data(kind, made_from, lambda: make().encode("utf-8"), valid_bytes, ".txt").decode("utf-8")


def data(kind: str, made_from: tuple[str, ...], make: Callable[[], bytes], valid: Callable[[bytes], bool],
         suffix: str) -> bytes:
    """The bytes `make()` gives for `made_from` (a picture, say), kept in a file ending in `suffix`:
    from the cache when it has them and they are `valid`."""
    if folder is None:
        return make()
    key = hashlib.sha256("\0".join(made_from).encode("utf-8")).hexdigest()
    path = folder / kind / f"{key}{suffix}"
    try:
        kept = path.read_bytes()
        if valid(kept):
            return kept
    except OSError:
        pass
    made = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")  # whole or not at all
        part.write_bytes(made)
        part.replace(path)
    except OSError:
        pass
    return made


@functools.cache
def fingerprint(module_file: str) -> str:
    """A hash of a module's own code: part of what its cached work is made from."""
    return hashlib.sha256(Path(module_file).read_bytes()).hexdigest()

"""Jinja templates compiled once, not once an environment and once a build.

A build compiles the theme's templates (Material's and ours) twice: once for the pages, and
again for the booklet, whose plugin makes an environment of its own. `mkdocs serve` compiles
them again at every rebuild. Here the compiled code is kept in memory for the build's other
environments, and in the cache folder (disk_cache.py) for the next build.

Jinja names each entry by the template's name and file, and checks it against the template's
source before using it (its `Bucket`): an edited template is compiled afresh, never served
old. What else changes the compiled code is the environment's own settings (its extensions,
its block and comment marks, autoescape, whitespace control): environments that differ there
keep their code apart (`for_environment`). Jinja's own mark of its version and Python's is in
each entry, and an entry of another one is compiled afresh. A folder that cannot be written is
left alone.
"""

from __future__ import annotations

import hashlib
import os

import jinja2
from jinja2.bccache import Bucket

from macros.core import disk_cache


class _Compiled(jinja2.BytecodeCache):
    def __init__(self, settings: str, on_disk: bool) -> None:
        self.settings, self.on_disk = settings, on_disk
        self.kept: dict[str, bytes] = {}

    def _path(self, bucket: Bucket):
        if disk_cache.folder is None or not self.on_disk:
            return None
        return disk_cache.folder / "templates" / self.settings / bucket.key

    def load_bytecode(self, bucket: Bucket) -> None:
        code, path = self.kept.get(bucket.key), self._path(bucket)
        if code is None and path is not None:
            try:
                code = path.read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)  # left empty (compiled afresh) if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        code, path = bucket.bytecode_to_string(), self._path(bucket)
        self.kept[bucket.key] = code
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_name(f"{path.name}.{os.getpid()}.part")  # whole or not at all
            part.write_bytes(code)
            part.replace(path)
        except OSError:
            pass


_caches: dict[str, _Compiled] = {}


def for_environment(env: jinja2.Environment) -> jinja2.BytecodeCache:
    """The cache of compiled templates for environments set up as `env` is."""
    # Autoescape chosen by a function: its code is known only to this process, so its
    # environments keep their code in memory, by that function.
    by_name = not isinstance(env.autoescape, bool)
    settings = repr((sorted(env.extensions), id(env.autoescape) if by_name else env.autoescape,
                     env.block_start_string, env.block_end_string, env.variable_start_string,
                     env.variable_end_string, env.comment_start_string, env.comment_end_string,
                     env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                     env.newline_sequence, env.keep_trailing_newline, env.optimized))
    key = hashlib.sha256(settings.encode("utf-8")).hexdigest()[:16]
    return _caches.setdefault(key, _Compiled(key, on_disk=not by_name))


def use(env: jinja2.Environment) -> jinja2.Environment:
    """`env`, keeping its compiled templates."""
    env.bytecode_cache = for_environment(env)
    return env

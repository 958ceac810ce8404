"""Knotwork's Python side, one folder per role (README.md, "How it is put together", maps them).

mkdocs-macros loads this package (`module_name: macros` in mkdocs.yml) and calls `define_env`,
which registers the macros a page may call (pages/macro_table.py)."""

from macros.pages.macro_table import define_env

__all__ = ["define_env"]

"""mkdocs.yml read as MkDocs reads it, a file it inherits (`INHERIT`) included."""

from __future__ import annotations

import os

from conftest import ROOT

from macros.checks import review
from macros.core.config import config, settings


def write(path, text):
    path.write_text(text, encoding="utf-8")
    stat = path.stat()  # a new time, as an editor's save gives, however fast the test
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_file_that_inherits_has_its_own_settings_over_those_it_inherits(tmp_path):
    write(tmp_path / "base.yml", "site_name: Base\nextra:\n  knotwork:\n    emergency_number: '999'\n"
          "    non_urgent_number: '111'\n")
    (tmp_path / "site").mkdir()
    write(tmp_path / "site" / "mkdocs.yml", "INHERIT: ../base.yml\nsite_url: https://example.org/\n"
          "extra:\n  knotwork:\n    non_urgent_number: '112'\n")
    found = config(tmp_path / "site" / "mkdocs.yml")
    assert found["site_name"] == "Base" and found["site_url"] == "https://example.org/"
    assert "INHERIT" not in found
    assert settings(tmp_path / "site" / "mkdocs.yml") == {"emergency_number": "999", "non_urgent_number": "112"}
    # The inherited file is read again once it changes.
    write(tmp_path / "base.yml", "site_name: Changed\n")
    assert config(tmp_path / "site" / "mkdocs.yml")["site_name"] == "Changed"


def test_a_fork_that_inherits_the_project_s_settings_finds_its_reviewed_pages_unchanged(tmp_path):
    fork = tmp_path / "mkdocs.yml"
    write(fork, f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_url: https://example.org/knotwork/\n")
    docs = ROOT / "docs"
    reviewed = [page for page in sorted(docs.rglob("*.md"))
                if review.status_of(page, docs, settings(ROOT / "mkdocs.yml")).state == "reviewed"]
    assert reviewed, "no reviewed page to compare"
    for page in reviewed:
        assert review.status_of(page, docs, settings(fork)).state == "reviewed", page

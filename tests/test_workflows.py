"""CI that a security reviewer would pass, and the same tests on a contributor's machine as in CI.

zizmor (pinned in requirements.lock) lints .github/ offline: every action pinned by commit,
no checkout that keeps the token, the least permissions. The README's one install line names
every system package .ci/run installs, and a test that needs one the machine lacks says so
with that line (a failure under CI=true, a skip listed by `make test` elsewhere)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import APT_INSTALL, ROOT, missing_tool

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
# `uses: owner/repo@<40 hex> # v1.2.3`: the comment is the version Dependabot reads and updates.
PINNED_USES = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def zizmor(github: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "zizmor"
    exe = str(exe) if exe.is_file() else shutil.which("zizmor")
    assert exe, "zizmor is missing: it is pinned in requirements.lock, which `make test` installs"
    return subprocess.run([exe, "--offline", "--no-progress", "--color", "never", "--render-links", "never",
                           github.name], cwd=github.parent, capture_output=True, text=True, timeout=120)


def test_zizmor_finds_nothing_in_the_workflows_and_dependabot_config():
    result = zizmor(GITHUB)
    assert result.returncode == 0, "zizmor's findings (fix each one as its help line says):\n" + result.stdout \
        + result.stderr
    assert "No findings to report" in result.stdout
    for name in ("dependabot.yml", "workflows/test.yml", "workflows/deploy.yml"):
        assert f"completed .github/{name}" in result.stderr, f"zizmor did not read .github/{name}"


def test_zizmor_catches_an_unpinned_action_and_a_checkout_that_keeps_the_token(tmp_path):
    copy = tmp_path / ".github"
    shutil.copytree(GITHUB, copy)
    workflow = copy / "workflows" / "test.yml"
    text = workflow.read_text()
    text = re.sub(r"actions/checkout@[0-9a-f]{40} # \S+", "actions/checkout@v4", text)
    text = re.sub(r"\n\s+with:\n\s+persist-credentials: false[^\n]*", "", text, count=1)
    workflow.write_text(text)
    result = zizmor(copy)
    assert result.returncode != 0
    assert "error[unpinned-uses]" in result.stdout and "warning[artipacked]" in result.stdout, result.stdout


def test_every_action_is_pinned_by_commit_with_its_version_as_a_comment():
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.match(r"\s*(- )?uses:", line):
                assert PINNED_USES.search(line), (
                    f"{path.relative_to(ROOT)}:{number}: `{line.strip()}` is not pinned; write "
                    "`uses: owner/action@<full commit hash> # vX.Y.Z`")


def test_every_job_has_the_least_permissions_and_no_checkout_keeps_the_token():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        assert workflow["permissions"] == {}, f"{path.name}: start from `permissions: {{}}`, grant per job"
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}: job `{name}` lists no permissions"
            assert "write" not in job["permissions"].values() or name == "deploy", (name, job["permissions"])
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: job `{name}`"


def test_dependabot_keeps_the_actions_and_the_python_and_node_packages_fresh():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text())
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ecosystems == {("github-actions", "/"), ("pip", "/"), ("npm", "/tests/lighthouse")}


def test_lighthouse_is_pinned_exactly_and_the_lock_installs_that_version():
    lighthouse = ROOT / "tests" / "lighthouse"
    wanted = json.loads((lighthouse / "package.json").read_text())["dependencies"]
    locked = json.loads((lighthouse / "package-lock.json").read_text())["packages"]
    assert "lighthouse" in wanted
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version!r}: pin one version, as 12.8.2"
        assert locked[f"node_modules/{name}"]["version"] == version, f"package-lock.json is stale for {name}"


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        name, sep, version = line.partition("==")
        if sep:
            pins[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    return pins


def test_every_pin_in_pyproject_is_the_version_requirements_lock_installs():
    # Dependabot bumps pyproject.toml; `make` installs requirements.lock. They must agree.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _pins(project["dependencies"] + [d for ds in project["optional-dependencies"].values() for d in ds])
    locked = _pins((ROOT / "requirements.lock").read_text().splitlines())
    assert wanted and "zizmor" in wanted
    stale = {name: (version, locked.get(name)) for name, version in wanted.items() if locked.get(name) != version}
    assert not stale, f"pyproject.toml and requirements.lock disagree (wanted, locked): {stale}"


def test_the_workflows_run_make_test_on_pull_requests_and_deploy_main_to_pages():
    test = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text())
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    # PyYAML reads the key `on` as True.
    assert "pull_request" in test[True]
    steps = [s.get("run", "") for s in test["jobs"]["test"]["steps"]]
    # The workflow runs the same CI script as every other CI run: it installs Chromium, then `make test`.
    assert "bash .ci/run" in steps
    ci = (ROOT / ".ci" / "run").read_text()
    assert "chromium" in ci and "\nmake test" in ci
    assert deploy[True]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in deploy["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert "make build" in [s.get("run") for s in deploy["jobs"]["build"]["steps"]]


# The same tests on a contributor's machine as in CI ------------------------------------------


def test_the_readme_install_line_names_every_package_ci_installs():
    installed_by_ci = re.findall(r"need_apt\+=\(([\w.+-]+)\)", (ROOT / ".ci" / "run").read_text())
    assert set(APT_INSTALL.split()[3:]) == set(installed_by_ci) and installed_by_ci
    assert APT_INSTALL in (ROOT / "README.md").read_text()
    assert APT_INSTALL in " ".join((ROOT / "CONTRIBUTING.md").read_text().split())


def test_a_missing_tool_fails_under_ci_and_is_a_skip_with_the_install_line_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=re.escape(APT_INSTALL)):
        missing_tool("`zbarimg` (Debian package zbar-tools)")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match=re.escape(APT_INSTALL)):
        missing_tool("`zbarimg` (Debian package zbar-tools)")
    # `make test` shows why each test was skipped.
    assert "-ra" in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["addopts"]


def test_the_print_tests_stop_on_a_missing_tool_naming_its_package(monkeypatch):
    from browser import test_print

    monkeypatch.setattr(test_print.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    for name, package in (("zbarimg", "zbar-tools"), ("pdftoppm", "poppler-utils")):
        with pytest.raises(pytest.fail.Exception, match=rf"`{name}` \(Debian package {package}\) is missing"):
            test_print.tool(name)

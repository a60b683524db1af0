"""Clone to serving (issue #15, "The recipe and the README, true"): `make run` installs what running needs and no
test, lint or S3 tool; `make test`, `make lint` and `make audit` install the separate dev lock; the demo's links
point where `make run` serves; `make test` says before it apt-installs Chromium; the README says what the Makefile
does. The Makefile is read with `make -n -B` (every command printed, none run)."""

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = "/usr/bin/make" if Path("/usr/bin/make").exists() else "make"
# what the tests, lint and audit bring, and the S3 extra: none of it is needed to run Forty2
NOT_FOR_RUNNING = {"pytest", "pytest-django", "pytest-xdist", "hypothesis", "ruff", "import-linter", "selenium",
                   "trio", "schemathesis", "pip-audit", "bandit", "jsonschema-rs", "boto3", "botocore",
                   "s3transfer", "django-storages"}


def _name(requirement: str) -> str:
    """The normalised project name of a requirement (PEP 503)."""
    return re.sub(r"[-_.]+", "-", re.match(r"\s*([A-Za-z0-9._-]+)", requirement)[1]).lower()


def _pins(lock: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """name -> (version, hashes) of a uv/pip-compile lock file."""
    pins = {}
    for block in re.split(r"\n(?=[a-z0-9])", (ROOT / lock).read_text()):
        if match := re.match(r"([a-z0-9._-]+)==(\S+)", block):
            pins[_name(match[1])] = (match[2], tuple(sorted(re.findall(r"sha256:[0-9a-f]{64}", block))))
    return pins


def _make(*args, env=None) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"FORTY2_SITE_URL", "HOST", "PORT", "BROWSER"}}
    done = subprocess.run([MAKE, "-C", str(ROOT), "--no-print-directory", "-n", "-B", *args],
                          env={**environ, **(env or {})}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_runtime_lock_holds_no_test_lint_or_s3_tool():
    runtime = _pins("requirements.lock")
    assert runtime and not NOT_FOR_RUNNING & runtime.keys()
    assert all(hashes for _version, hashes in runtime.values()), "every pin carries its hashes"
    assert {_name(r) for r in _pyproject()["dependencies"]} <= runtime.keys()


def test_the_dev_lock_adds_the_tools_and_the_s3_extra_with_the_same_pins():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    changed = {name: (pin, dev.get(name)) for name, pin in runtime.items() if dev.get(name) != pin}
    assert not changed, "make run and make test must install the same version, with the same hashes"
    extras = _pyproject()["optional-dependencies"]
    assert {_name(r) for r in extras["dev"] + extras["s3"]} <= dev.keys()
    assert NOT_FOR_RUNNING <= dev.keys()


def test_make_run_installs_the_runtime_lock_and_no_dev_assets():
    commands = "\n".join(_make("run"))
    assert "-r requirements.lock" in commands and "requirements-dev.lock" not in commands
    npm = [line for line in commands.splitlines() if "npm ci" in line]
    assert npm and all("--omit=dev" in line for line in npm)
    assert "cp node_modules/htmx.org/dist/htmx.min.js forty2/static/forty2/vendor/htmx.min.js" in commands


@pytest.mark.parametrize("target", ["test", "lint", "audit"])
def test_make_test_lint_and_audit_install_the_dev_lock(target):
    commands = _make(target)
    assert any("-r requirements-dev.lock" in line for line in commands)
    if target == "test":
        assert any("npm ci" in line and "--omit=dev" not in line for line in commands)


def test_make_run_points_the_demo_links_at_the_host_and_port_it_serves():
    commands = _make("run", "HOST=127.0.0.2", "PORT=9123")
    demo = next(line for line in commands if line.endswith("/forty2 demo"))
    serve = next(line for line in commands if "/forty2 serve" in line)
    assert "FORTY2_SITE_URL='http://127.0.0.2:9123'" in demo
    assert "FORTY2_SITE_URL='http://127.0.0.2:9123'" in serve and serve.endswith("--host 127.0.0.2 --port 9123")
    assert any("Forty2 demo: http://127.0.0.2:9123/" in line for line in commands)
    # the address people really reach it at (behind a proxy) wins
    commands = _make("run", env={"FORTY2_SITE_URL": "https://aims.example.org"})
    assert "FORTY2_SITE_URL='https://aims.example.org'" in next(line for line in commands if "forty2 demo" in line)


@pytest.fixture
def fake_root(tmp_path):
    """A PATH with no chromedriver, an ``id`` that says root and an ``apt-get`` that only records its calls."""
    bin_dir, calls = tmp_path / "bin", tmp_path / "apt-get.calls"
    bin_dir.mkdir()
    (bin_dir / "id").write_text("#!/bin/sh\necho 0\n")
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> {calls}\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return bin_dir, calls


def _browser(bin_dir, *args) -> subprocess.CompletedProcess:
    env = {"PATH": str(bin_dir), "HOME": os.environ.get("HOME", "/root")}
    return subprocess.run([MAKE, "-C", str(ROOT), "--no-print-directory", "browser", *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)


def test_make_test_as_root_says_it_apt_installs_chromium_and_how_not_to(fake_root):
    bin_dir, calls = fake_root
    done = _browser(bin_dir)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert "installing Debian's packages chromium and chromium-driver with apt-get" in said
    assert "make test BROWSER=skip" in said
    assert "install -y -qq chromium chromium-driver" in calls.read_text()


def test_browser_skip_installs_nothing_and_says_the_browser_tests_are_skipped(fake_root):
    bin_dir, calls = fake_root
    done = _browser(bin_dir, "BROWSER=skip")
    assert done.returncode == 0, done.stderr
    assert "browser tests will be skipped" in done.stdout and not calls.exists()


def test_the_readme_says_what_the_makefile_does():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    first_block = section.split("```sh", 1)[1].split("```", 1)[0]
    assert re.findall(r"^make (\w+)", first_block, re.M) == ["run", "test"]
    for mentioned in ("make setup", "make lint", "make audit", "HOST", "PORT", "BROWSER=skip", "chromium-driver",
                      "requirements-dev.lock"):
        assert mentioned in section, mentioned
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
    assert set(re.findall(r"`make ([\w-]+)", readme)) <= targets

"""Supply-chain checks run by `make audit` and CI (docs/security.md, "Supply chain").

1. bandit over forty2/: every finding fails, unless it is explained where it stands (`# nosec BXXX - why`).
2. pip-audit over each lock file (every pin, with hashes): requirements.lock (what `make run` installs) and
   requirements-dev.lock (plus the tests, lint and audit tools and the S3 extra). Any known vulnerability fails,
   unless its id is listed in tools/audit-ignore.txt with the reason it does not apply.
3. npm audit over package-lock.json: any advisory fails, with the same ignore file.

The advisory services are on the internet. Where this machine cannot reach them (a sandbox that reaches only
the package registries' download paths), the audit says so plainly -- how many packages went unaudited and
why -- and does not pretend they are clean; it fails only on what it could check. ``--strict`` fails then too.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def ignored() -> dict[str, str]:
    """Advisory ids reviewed and found not to apply, each with its reason (``ID  reason`` per line)."""
    path = ROOT / "tools" / "audit-ignore.txt"
    found = {}
    for line in path.read_text().splitlines() if path.exists() else []:
        line = line.strip()
        if line and not line.startswith("#"):
            vid, _, why = line.partition(" ")
            if not why.strip():
                sys.exit(f"tools/audit-ignore.txt: {vid} has no reason; say why it does not apply")
            found[vid] = why.strip()
    return found


def bandit() -> bool:
    run = subprocess.run([BIN / "bandit", "-r", "forty2", "-c", "pyproject.toml", "-q", "-f", "json"],
                         cwd=ROOT, capture_output=True, text=True)
    results = json.loads(run.stdout or "{}").get("results", [])
    for r in results:
        print(f"  bandit {r['test_id']} {r['filename']}:{r['line_number']}: {r['issue_text']}")
    print(f"bandit: {len(results)} unexplained finding(s)")
    return not results


LOCKS = ("requirements.lock", "requirements-dev.lock")


def pip_audit(skip: dict[str, str], lock: str) -> tuple[bool, int]:
    run = subprocess.run([BIN / "pip-audit", "-r", lock, "--no-deps", "--disable-pip", "-f", "json",
                          "--progress-spinner", "off"], cwd=ROOT, capture_output=True, text=True)
    try:
        deps = json.loads(run.stdout)["dependencies"]
    except (ValueError, KeyError):
        print(f"pip-audit {lock} did not run: {(run.stderr or run.stdout).strip()[-300:]}")
        return False, 0
    bad, unaudited = [], [d["name"] for d in deps if d.get("skip_reason")]
    for dep in deps:
        for vuln in dep.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            if not ids & skip.keys():
                bad.append(f"{dep['name']} {dep.get('version')}: {vuln['id']} (fixed in {vuln.get('fix_versions')})")
    for line in bad:
        print(f"  pip-audit {lock}: {line}")
    audited = len(deps) - len(unaudited)
    print(f"pip-audit {lock}: {len(deps)} pinned packages, {audited} audited, {len(bad)} unexplained vulnerabilities")
    if unaudited:
        print(f"pip-audit {lock}: NOT AUDITED {len(unaudited)} package(s): the PyPI advisory service could not be "
              f"reached from this machine (e.g. {', '.join(unaudited[:3])})")
    return not bad, len(unaudited)


def npm_audit(skip: dict[str, str]) -> tuple[bool, int]:
    run = subprocess.run(["npm", "audit", "--json", "--package-lock-only"], cwd=ROOT, capture_output=True, text=True)
    try:
        report = json.loads(run.stdout or "{}")
    except ValueError:
        report = {}
    if "vulnerabilities" not in report:
        reason = report.get("message") or (run.stderr.strip().splitlines() or ["no answer"])[-1]
        print(f"npm audit: NOT AUDITED: the npm advisory service could not be reached ({reason[:120]})")
        return True, 1
    bad = [f"{name}: {v.get('severity')}" for name, v in report["vulnerabilities"].items()
           if not {str(s.get("source")) for s in v.get("via", []) if isinstance(s, dict)} & skip.keys()]
    for line in bad:
        print(f"  npm audit {line}")
    print(f"npm audit: {len(bad)} unexplained vulnerable package(s)")
    return not bad, 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="also fail when an advisory service is unreachable")
    args = parser.parse_args()
    skip = ignored()
    ok_bandit = bandit()
    pip_runs = [pip_audit(skip, lock) for lock in LOCKS]
    ok_pip, pip_missing = all(ok for ok, _ in pip_runs), sum(missing for _, missing in pip_runs)
    ok_npm, npm_missing = npm_audit(skip)
    ok = ok_bandit and ok_pip and ok_npm and not (args.strict and (pip_missing or npm_missing))
    if not ok:
        print("supply chain: FAILED")
    elif pip_missing or npm_missing:
        print("supply chain: no unexplained finding in what could be checked; packages NOT AUDITED (see above)")
    else:
        print("supply chain: clean")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

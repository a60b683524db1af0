"""S3 is an optional extra (issue #15, "The recipe and the README, true"): `make run` installs requirements.lock,
without django-storages and boto3, so nothing may import them until S3 is asked for; asked for without them,
Forty2 says in one line which extra to install instead of failing on the first upload (forty2/core/extras.py).

"Not installed" is reproduced in a child process by ``sys.modules[name] = None`` for the extra's packages: then
``import`` raises ImportError and ``importlib.util.find_spec`` answers None, as without the packages."""

import json

from tests.embedded import run_script

WITHOUT_S3 = 'import sys\nsys.modules.update(dict.fromkeys(("storages", "boto3", "botocore")))\n'

RUN_EVERYTHING = WITHOUT_S3 + """
import importlib, json, pkgutil
import django
django.setup()
import forty2
failed = {}
for module in pkgutil.walk_packages(forty2.__path__, "forty2."):
    try:
        importlib.import_module(module.name)
    except ImportError as exc:
        failed[module.name] = str(exc)
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client
stored = storages["default"].save("probe.txt", ContentFile(b"evidence"))
print(json.dumps({"failed": failed, "storage": type(storages["default"]).__name__,
                  "saved": storages["default"].exists(stored), "healthz": Client().get("/healthz").status_code}))
"""

CLI = WITHOUT_S3 + "from forty2.cli import main\nmain(sys.argv[1:])\n"


def test_forty2_runs_and_stores_files_without_the_s3_extra(tmp_path, monkeypatch):
    monkeypatch.delenv("FORTY2_S3_BUCKET", raising=False)
    done = run_script(tmp_path, RUN_EVERYTHING, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "failed": {}, "storage": "FileSystemStorage", "saved": True, "healthz": 200}


def test_an_s3_bucket_without_the_extra_is_one_line_naming_the_extra(tmp_path, monkeypatch):
    monkeypatch.setenv("FORTY2_S3_BUCKET", "forty2-evidence")
    monkeypatch.setenv("FORTY2_S3_SECRET_KEY", "s3cr3t-never-shown")
    done = run_script(tmp_path, CLI, "check")
    assert done.returncode == 2
    assert done.stderr.startswith("forty2: error: FORTY2_S3_BUCKET") and len(done.stderr.splitlines()) == 1
    assert "forty2[s3]" in done.stderr and "Traceback" not in done.stderr
    assert "s3cr3t-never-shown" not in done.stdout + done.stderr


def test_an_s3_anchor_sink_without_the_extra_says_which_extra(tmp_path, monkeypatch):
    monkeypatch.delenv("FORTY2_S3_BUCKET", raising=False)
    done = run_script(tmp_path, CLI, "audit", "anchor", "--sink", "s3:anchors/forty2")
    assert done.returncode == 2
    assert "s3:anchors/forty2" in done.stderr and "forty2[s3]" in done.stderr and "Traceback" not in done.stderr

"""With FORTY2_S3_* set, files go to an S3-compatible bucket through django-storages (configuration only: there is
no S3 server in the tests). The secret key never appears in the check output."""

import json

from tests.embedded import run_forty2, run_script

SHOW = """
import json
import django
django.setup()
from django.core.files.storage import storages
s = storages["default"]
print(json.dumps({"class": type(s).__name__, "bucket": s.bucket_name, "endpoint": s.endpoint_url,
                  "region": s.region_name, "location": s.location, "access_key": s.access_key,
                  "overwrite": s.file_overwrite}))
"""

S3_ENV = {"FORTY2_S3_BUCKET": "forty2-evidence", "FORTY2_S3_ENDPOINT_URL": "https://minio.example:9000",
          "FORTY2_S3_ACCESS_KEY": "AKIAEXAMPLE", "FORTY2_S3_SECRET_KEY": "s3cr3t-never-shown",
          "FORTY2_S3_REGION": "eu-central-1", "FORTY2_S3_PREFIX": "forty2"}


def _with_env(monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_s3_variables_select_the_s3_storage(tmp_path, monkeypatch):
    _with_env(monkeypatch, S3_ENV)
    done = run_script(tmp_path, SHOW)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "class": "S3Storage", "bucket": "forty2-evidence", "endpoint": "https://minio.example:9000",
        "region": "eu-central-1", "location": "forty2", "access_key": "AKIAEXAMPLE", "overwrite": True}
    check = run_forty2(tmp_path, "check", "--deploy")
    assert "s3cr3t-never-shown" not in check.stdout + check.stderr


def test_without_them_files_stay_in_the_data_directory(tmp_path, monkeypatch):
    for name in S3_ENV:
        monkeypatch.delenv(name, raising=False)
    done = run_script(tmp_path, 'import django\ndjango.setup()\nfrom django.core.files.storage import storages\n'
                                'print(type(storages["default"]).__name__, storages["default"].location)')
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["FileSystemStorage", str(tmp_path / "files")]

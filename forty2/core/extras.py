"""Optional extras: what ``make run`` (requirements.lock) leaves out, and the message when it is asked for.

S3-compatible storage (stored files with FORTY2_S3_BUCKET, audit anchors to ``s3:`` sinks) needs the ``s3`` extra
(django-storages and boto3; pyproject.toml). It is imported only where it is used, so Forty2 runs without it; asked
for without it, Forty2 says which extra to install instead of failing on the first upload (ISO/IEC 42001 7.5.3:
documented information kept where the operator configured it, or a refusal that says why).
"""

from importlib.util import find_spec

S3_MODULES = ("storages", "boto3", "botocore")


def s3_missing(what: str) -> str | None:
    """The one-line message when ``what`` needs the S3 extra and it is not installed; None when it is."""
    missing = [name for name in S3_MODULES if find_spec(name) is None]
    if not missing:
        return None
    return (f"{what} needs the optional S3 extra, which is not installed (missing: {', '.join(missing)}): "
            f"install the locked versions with `.venv/bin/pip install -e '.[s3]' -c requirements-dev.lock` "
            f"(elsewhere: pip install 'forty2[s3]')")

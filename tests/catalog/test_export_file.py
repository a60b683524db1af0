"""``forty2 catalog export -o FILE`` writes an ordinary file others may read (0644 under the usual umask), not a
private temporary file (ISO/IEC 42001 7.5.3: documented information available where needed)."""

import os
import stat

import pytest

pytestmark = pytest.mark.django_db


def test_export_writes_a_normally_readable_file(cli, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "42001.json"
        assert cli("export", "--framework", "iso-iec-42001-2023", "-o", out).code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]

"""`forty2 worker` anchors the audit chains periodically (FORTY2_ANCHOR_EVERY_SECONDS to FORTY2_ANCHOR_SINK),
as the worker that `forty2 serve` supervises does (ISO/IEC 42001 7.5.3; issue #14). Run as a real process on an
embedded install; the test waits for files, it never asserts a duration."""

import json
import subprocess
import sys
import time

from tests.embedded import forty2_env, run_forty2


def test_the_worker_writes_signed_anchors_periodically_that_verify(data_dir, tmp_path):
    sink = tmp_path / "vault"
    env = forty2_env(data_dir) | {"FORTY2_ANCHOR_EVERY_SECONDS": "0.5", "FORTY2_ANCHOR_SINK": f"dir:{sink}"}
    worker = subprocess.Popen([sys.executable, "-m", "forty2.cli", "worker"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(list(sink.glob("anchor-*.json"))) < 2:
            time.sleep(0.2)
    finally:
        worker.terminate()
        _out, err = worker.communicate(timeout=30)
    anchors = sorted(sink.glob("anchor-*.json"))
    assert len(anchors) >= 2, err
    key = data_dir / "anchor_key.pem"
    assert key.exists() and "PRIVATE KEY" not in err
    labels = {c["label"] for c in json.loads(anchors[-1].read_text())["statement"]["chains"]}
    assert labels == {"acme", "installation"}
    done = run_forty2(data_dir, "audit", "verify", "--anchor", str(anchors[-1]))
    assert done.returncode == 0, done.stderr
    assert "2 chain(s) unchanged up to their anchored seq" in done.stdout

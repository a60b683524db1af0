"""`forty2 serve` restarts a task worker that dies, with a growing pause while it keeps dying, and says so (issue
#14, finding 11: the embedded worker died of "database is locked" and was never restarted). The real kill -9 of the
worker under `forty2 serve` is in tests/crash/test_kill.py."""

import io
import sys

from forty2.jobs.management.commands import serve


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_dying_worker_is_started_again_with_a_growing_pause(monkeypatch):
    clock, orphans_failed = Clock(), []
    monkeypatch.setattr(serve.time, "monotonic", clock)
    monkeypatch.setattr(serve, "fail_orphaned", lambda: orphans_failed.append(clock.now))
    stderr = io.StringIO()
    worker = serve.Supervised([sys.executable, "-c", "raise SystemExit(3)"], stderr)

    worker.start()
    pauses = []
    for _death in range(3):
        first = worker.process
        first.wait(60)
        worker.check()  # noticed: a restart is planned
        assert worker.process is first
        pauses.append(worker.restart_at - clock.now)
        clock.now = worker.restart_at
        worker.check()  # due: started again
        assert worker.process is not first
    worker.process.wait(60)

    assert pauses == [2, 5, 10]  # it kept dying at once
    assert len(orphans_failed) == 4  # before every start: it was the only worker
    assert stderr.getvalue().count("The task worker stopped (exit code 3); starting it again in") == 3


def test_a_worker_that_ran_a_while_is_restarted_after_the_shortest_pause(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(serve.time, "monotonic", clock)
    monkeypatch.setattr(serve, "fail_orphaned", lambda: None)
    worker = serve.Supervised([sys.executable, "-c", "raise SystemExit(1)"], io.StringIO())
    worker.start()
    worker.process.wait(60)
    clock.now += serve.RESTART_RESET + 1
    worker.check()
    assert worker.restart_at - clock.now == serve.RESTART_BACKOFF[0]

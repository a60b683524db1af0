"""Forty2's settings plus a test app that can pause a process in the middle of an import, an export or an evidence
upload (``FORTY2_TEST_PAUSE``), so that the crash tests can SIGKILL it exactly there."""

from forty2.settings import *  # noqa: F403
from forty2.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.crash.pauses"]

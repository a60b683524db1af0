"""The test suite's settings: Forty2's, plus the example record type of tests/example_app (docs/architecture.md,
"Adding a record type"), installed for tests only so every generic test (isolation, API fuzzing, the PATCH rule)
covers it too."""

from forty2.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.example_app", "tests.ref_app"]  # noqa: F405  (ref_app: the ``ref`` kind)
ROOT_URLCONF = "tests.urls"

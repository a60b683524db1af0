"""The login lockout holds across server processes: the failures counted by one worker lock the account in
another, because the counters live in the shared cache (the database cache by default, or Redis), never in a
process's memory (docs/architecture.md, "Configuration and processes")."""

from tests.embedded import run_script

ATTEMPT = """
import sys
import django
django.setup()
from django.test import Client, override_settings
from forty2.accounts.models import User

# pages render without `forty2 collectstatic`; the cache stays the production one (database)
STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                            "staticfiles": {"BACKEND": STATIC}}).enable()
from django.conf import settings
assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"), settings.CACHES

email, password, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
if sys.argv[4] == "set":
    user = User.objects.get(email=email)
    user.set_password("correct horse battery staple")
    user.save()
for _ in range(times):
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": password})
    signed_in = "_auth_user_id" in client.session
    locked = b"Too many failed login attempts" in response.content
    print("signed-in" if signed_in else "locked" if locked else "refused")
"""


def test_failures_in_one_process_lock_the_account_in_another(data_dir):
    first = run_script(data_dir, ATTEMPT, "owner@acme.example", "wrong password", 5, "set")
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["refused"] * 5
    second = run_script(data_dir, ATTEMPT, "owner@acme.example", "correct horse battery staple", 1, "keep")
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == ["locked"]

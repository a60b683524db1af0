"""The one task of the jobs app, run by ``forty2 worker`` (at once in tests) through the Django tasks API."""

from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> str:
    """Run a queued :class:`~forty2.jobs.models.Job` with its registered kind's function."""
    return str(runner.run(job_id))

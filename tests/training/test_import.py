"""Training records import through the kit (CSV/XLSX): the person by name or e-mail, the course by title, all or
nothing; 5,000 rows run as a job that completes and creates 5,000 records."""

import io

import pytest

from forty2.core.spreadsheets import ImportFailed
from forty2.jobs.models import Job
from forty2.people.models import Person
from forty2.records import jobs as import_jobs
from forty2.training.models import Course, TrainingRecord

from .world import World, days

pytestmark = pytest.mark.django_db
KIND = "training.import_records"


@pytest.fixture
def w(member):
    return World(member)


def _csv(rows) -> bytes:
    lines = ["person,course,completed_on,result,reference"] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def test_a_small_import_by_name_or_email(w):
    Person.objects.create(organization=w.org, name="Ann Operator", email="ann.two@acme.example")  # a namesake
    data = _csv([("Olu Overseer", "AI literacy basics", days(-3).isoformat(), "passed", "C-1"),
                 ("priya@acme.example", "triage tool", days(-2).isoformat(), "completed", "")])
    result = import_jobs.import_or_queue(KIND, w.manager, io.BytesIO(data), "records.csv")
    assert result.created == 2
    olu = TrainingRecord.objects.get(person=w.olu)
    assert olu.course == w.basics and olu.expires_on is not None and olu.reference == "C-1"
    assert TrainingRecord.objects.get(person=w.priya).course == w.triage_course


def test_problems_name_the_row_and_column_and_nothing_is_saved(w):
    Person.objects.create(organization=w.org, name="Ann Operator", email="ann.two@acme.example")
    data = _csv([("Ann Operator", "AI literacy basics", days(-3).isoformat(), "passed", ""),
                 ("Olu Overseer", "No such course", days(-3).isoformat(), "passed", ""),
                 ("Olu Overseer", "AI literacy basics", days(-3).isoformat(), "passed", ""),
                 ("nobody@acme.example", "AI literacy basics", "", "passed", "")])
    with pytest.raises(ImportFailed) as err:
        import_jobs.import_or_queue(KIND, w.manager, io.BytesIO(data), "records.csv")
    problems = {(p["row"], p["column"]) for p in err.value.problems}
    assert {(2, "person"), (3, "course"), (5, "person")} <= problems
    assert not TrainingRecord.objects.exists()


def test_five_thousand_rows_run_as_a_job(w):
    people = Person.objects.bulk_create(Person(organization=w.org, name=f"Person {i:04d}") for i in range(250))
    courses = [w.course(f"Course {i:02d}", level="awareness", months=12) for i in range(20)]
    rows = [(people[i % 250].name, courses[i // 250].title, days(-(i % 300)).isoformat(), "passed", f"R-{i}")
            for i in range(5000)]
    job = import_jobs.import_or_queue(KIND, w.manager, io.BytesIO(_csv(rows)), "big.csv")
    assert isinstance(job, Job)
    job.refresh_from_db()
    assert job.status == "succeeded", (job.status, job.problems)
    assert job.result["created"] == 5000
    assert TrainingRecord.objects.for_org(w.org).count() == 5000
    assert Course.objects.for_org(w.org).count() == 24

"""The training record declared once: its fields, and how the kit's API routes and pages reach it."""

from ninja import Router

from forty2.records.definition import Field, RecordType
from forty2.records.pages import RecordPages
from forty2.records.routes import Access, record_routes

from .models import ExampleTraining

TRAINING = RecordType(
    model=ExampleTraining, name="example_training", label="Training record", unique=("title",),
    default_ordering="title",
    fields=[
        Field("title", "Title", "For example 'AI literacy 2026 – J. Smith'.", required=True, sort=True, search=True),
        Field("person", "Person", "Who was trained (7.2)."),
        Field("completed_on", "Completed on", sort=True),
        Field("result", "Result", filter=True, sort=True, widget="inline"),
        Field("notes", "Notes", rows=3, search=True),
    ],
)
ACCESS = Access(queryset=lambda org: ExampleTraining.objects.for_org(org).select_related("person"))
PAGES = RecordPages(TRAINING, ACCESS, "example_training", title="Training records", noun="training record",
                    nav="example_training", intro="Who was trained in what, and the result (ISO/IEC 42001 7.2).")
router = Router(tags=["Example training records"])
record_routes(router, TRAINING, ACCESS, path="example-trainings", schema_prefix="ExampleTraining")

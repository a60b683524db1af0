"""Fill the editors of existing records from the audit log (issue #14 finding 4): every ``<record type>.create`` and
``<record type>.update`` event the write path recorded names its record type, record and actor, so the four-eyes
rule counts edits made before the editors table existed. Read-only on the audit log."""

from django.db import migrations
from django.db.models import Max


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    RecordEditor = apps.get_model("records", "RecordEditor")
    User = apps.get_model("accounts", "User")
    latest = {}
    rows = (AuditEvent.objects.filter(organization__isnull=False, actor__isnull=False, action__regex=r"\.(create|update)$")
            .exclude(object_id="").values("organization_id", "action", "object_id", "actor_id")
            .annotate(last=Max("created_at")))
    for row in rows.iterator():
        if not row["object_id"].isdigit() or len(row["object_id"]) > 18:
            continue
        key = (row["organization_id"], row["action"].rsplit(".", 1)[0][:50], int(row["object_id"]), row["actor_id"])
        latest[key] = max(latest.get(key, row["last"]), row["last"])
    users = set(User.objects.filter(pk__in={k[3] for k in latest}).values_list("pk", flat=True))
    batch = [RecordEditor(organization_id=org, record_type=rt, object_id=pk, user_id=user, edited_at=at,
                          created_at=at, updated_at=at)
             for (org, rt, pk, user), at in latest.items() if user in users]
    RecordEditor.objects.bulk_create(batch, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0002_record_editor"),
        ("core", "0003_audit_actor_kept"),
        ("accounts", "0002_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Throttling and lockout state is shared by every server process through this cache (docs/architecture.md, "Configuration and processes").
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

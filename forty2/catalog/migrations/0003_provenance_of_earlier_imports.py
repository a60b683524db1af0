"""Say whose words the texts of frameworks imported before provenance was tracked are, instead of letting them
pass for Forty2's own guidance or the publisher's official text."""

from django.db import migrations


def label_earlier_imports(apps, schema_editor):
    Requirement = apps.get_model("catalog", "Requirement")
    rows = Requirement.objects.filter(framework__origin="imported").select_related("framework")
    changed = []
    for req in rows.iterator():
        source = req.framework.source_file or "the imported file"
        dirty = False
        if req.guidance and not req.guidance_source:
            req.guidance_source = f"the author of {source} (imported before Forty2 recorded provenance)"[:300]
            dirty = True
        # text loaded with load-text records its file; text that came with a YAML library is the library's
        if req.official_text and not req.official_text_source and not source.lower().endswith(".json"):
            req.official_text_by = "third_party"
            req.official_text_source = f"{source} (an imported library's wording)"[:300]
            dirty = True
        if dirty:
            changed.append(req)
    Requirement.objects.bulk_update(changed, ["guidance_source", "official_text_by", "official_text_source"],
                                    batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_import_identity_provenance")]

    operations = [migrations.RunPython(label_earlier_imports, migrations.RunPython.noop)]

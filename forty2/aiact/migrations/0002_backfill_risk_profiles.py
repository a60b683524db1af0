"""Derive the risk profile of AI systems registered before the profile existed (no classification yet)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from forty2.aiact.profile import derive_risk_profile, rules

    spec = rules()["inputs"]
    AISystem = apps.get_model("inventory", "AISystem")
    for system in AISystem.objects.filter(risk_profile_level="").iterator():
        inputs = {"tier": None, "personal_data": system.personal_data or None,
                  "automation": system.automation or None, "criticality": system.criticality or None,
                  "vulnerable_groups": system.vulnerable_groups}
        inputs = {k: v if v is None or v in spec[k]["values"] else None for k, v in inputs.items()}
        profile = derive_risk_profile(inputs)
        AISystem.objects.filter(pk=system.pk).update(risk_profile_level=profile["level"],
                                                     risk_profile_reasons=profile["reasons"])


class Migration(migrations.Migration):
    dependencies = [("aiact", "0001_initial"), ("inventory", "0002_ai_act_tier_and_risk_profile")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

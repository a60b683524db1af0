"""Courses, sessions and per-person training records, AI literacy per AI system and awareness (ISO/IEC 42001 7.2,
7.3; EU AI Act Art. 4 and 26(2))."""
from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "forty2.training"
    label = "training"
    verbose_name = "Training and AI literacy"

    def ready(self):
        """Add courses, sessions and training records to the shared faces, the clause checks (7.3), My work and
        the sections on AI system pages (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.records import pages
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, views, work

        checks.register_clause_checks()
        pages.register(faces.RECORD_PAGES, nav=("Training", 57))
        pages.register(faces.COURSE_PAGES)
        pages.register(faces.SESSION_PAGES)
        for name, p in (("records", faces.RECORD_PAGES), ("courses", faces.COURSE_PAGES),
                        ("sessions", faces.SESSION_PAGES)):
            p.access.register_import(p.rt, f"training.import_{name}")
        web.register_history(phrases={"training_record.create": ("recorded the training {}", "recorded this "
                                                                 "training")})
        web.register_record_section("aisystem", "ai_literacy", "training/_system_section.html", views.system_section,
                                    order=60)
        web.register_record_section("person", "training", "training/_person_section.html", views.person_section,
                                    order=40)
        register_work("training", work.work)
        register_router("/orgs/", "forty2.training.api:router", order=62)

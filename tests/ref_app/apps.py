from django.apps import AppConfig


class RefConfig(AppConfig):
    name = "tests.ref_app"
    label = "ref_app"

    def ready(self):
        from forty2.api.registry import register_router
        from forty2.records import pages

        from .definitions import SESSION, SESSION_ACCESS, SESSION_PAGES, TOPIC, TOPIC_ACCESS, TOPIC_PAGES

        register_router("/orgs/", "tests.ref_app.definitions:router", order=91)
        pages.register(TOPIC_PAGES)
        pages.register(SESSION_PAGES)
        TOPIC_ACCESS.register_import(TOPIC, "ref_app.import_topics")
        SESSION_ACCESS.register_import(SESSION, "ref_app.import_sessions")

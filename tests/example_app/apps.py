from django.apps import AppConfig


class ExampleConfig(AppConfig):
    name = "tests.example_app"
    label = "example_app"

    def ready(self):
        from forty2.api.registry import register_router
        from forty2.records import pages

        from .definitions import ACCESS, PAGES, TRAINING

        register_router("/orgs/", "tests.example_app.definitions:router", order=90)
        pages.register(PAGES, nav=("Example training", 95))
        ACCESS.register_import(TRAINING, "example_app.import_training")

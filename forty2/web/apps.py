from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "forty2.web"
    label = "web"
    verbose_name = "Web"

    def ready(self):
        """The web face's own pages (people, audit log, recent activity) and the history wording of the apps
        below it, registered like any feature app's (docs/architecture.md, "Registering an app")."""
        from . import history, views
        from .registry import register_dashboard_panel, register_history, register_nav

        register_nav("people", "Members", "web:members", order=60)
        register_nav("audits", "Audit log", "web:audit_log", action="view_audit_log", order=70)
        register_dashboard_panel("my_work", "web/_dashboard_my_work.html", views.my_work_count, region="actions",
                                 order=10)
        register_dashboard_panel("recent_activity", "web/_dashboard_recent.html", views.recent_activity,
                                 region="columns", order=90)
        register_history(**history.BASE_WORDING)

"""Management review (ISO/IEC 42001 9.3)."""
from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "forty2.review"
    label = "review"
    verbose_name = "Management review"

    def ready(self):
        """Register pages, API, checks and My work (docs/architecture.md, "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.records import pages
        from forty2.records.cli import register_record_kinds
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, work

        pages.register(faces.REVIEW_PAGES, nav=("Management review", 65))
        pages.register(faces.ATTENDEE_PAGES)
        pages.register(faces.ACTION_PAGES)
        faces.REVIEW_ACCESS.register_import(faces.REVIEW_PAGES.rt, "review.import_reviews")
        faces.ATTENDEE_ACCESS.register_import(faces.ATTENDEE_PAGES.rt, "review.import_attendees")
        faces.ACTION_ACCESS.register_import(faces.ACTION_PAGES.rt, "review.import_actions")
        register_record_kinds("management-reviews", faces.REVIEW_PAGES.rt, faces.REVIEW_ACCESS, order=65)
        register_record_kinds("review-actions", faces.ACTION_PAGES.rt, faces.ACTION_ACCESS, order=66)
        web.register_history(
            phrases={
                "management_review.hold": ("held the management review {} and froze its input pack",
                                           "held this management review and froze its input pack"),
                "management_review.cancel": ("cancelled the management review {}",
                                             "cancelled this management review"),
                "management_review.approve_outputs": ("approved the outputs of the management review {}",
                                                      "approved the outputs of this management review"),
            },
            field_labels={"management_review.pack_hash": "Input pack SHA-256",
                          "management_review.pack_frozen_at": "Input pack frozen"})
        register_router("/orgs/", "forty2.review.api:router", order=65)
        register_work("review", work.work)
        work.register_approvals()
        checks.register_clause_checks()

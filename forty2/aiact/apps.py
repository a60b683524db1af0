from django.apps import AppConfig


class AiactConfig(AppConfig):
    name = "forty2.aiact"
    label = "aiact"
    verbose_name = "AI Act"

    def ready(self):
        from forty2.records.writes import record_changed, record_checking

        from . import receivers

        record_checking.connect(receivers.refuse_operating_a_prohibited_system, dispatch_uid="aiact-prohibited")
        record_changed.connect(receivers.rederive_on_change, dispatch_uid="aiact-profile")
        receivers.register_tier_choices()

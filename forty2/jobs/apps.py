from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "forty2.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        """The Jobs section, its API and how job events read (docs/architecture.md, "Registering an app")."""
        from django.urls import reverse

        from forty2.api.registry import register_router
        from forty2.web import registry as web

        web.register_nav("jobs", "Jobs", "jobs:job_list", order=75)
        web.register_history(
            phrases={"job.create": "queued the job {}", "job.start": "started the job {}",
                     "job.succeed": "finished the job {}", "job.fail": "recorded the failure of the job {}"},
            subjects={"job": "Background job"},
            short_verbs={"start": "started", "succeed": "finished", "fail": "failed"},
        )
        web.register_record_url("job", lambda org, pk: reverse("jobs:job_detail", args=[org, int(pk)]))
        register_router("/orgs/", "forty2.jobs.api:router", order=75)

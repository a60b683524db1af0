from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "planning"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("create", views.create, name="plan_create"),
    path("edit", views.edit, name="plan_edit"),
    path("re-estimate", views.re_estimate, name="plan_re_estimate"),
    path("changes/<int:pk>/step/<str:step>", views.change_step, name="change_step"),
    *pages.urls(faces.PAGES, prefix="changes/"),
]

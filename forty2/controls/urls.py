from django.urls import path

from . import views, views_table

app_name = "controls"

# Control refs contain dots (A.6.2.4) and own refs hyphens: str paths; fixed words come first.
urlpatterns = [
    path("", views.soa, name="soa"),
    path("new", views.entry_new, name="entry_new"),
    path("table", views_table.soa_table, name="table"),
    path("approve", views.approve, name="approve"),
    path("versions/", views.versions, name="versions"),
    path("export", views.export, name="export"),
    path("import-iso27001", views.import_27001, name="import_27001"),
    path("clauses/", views.clause_list, name="clauses"),
    path("clauses/<str:ref>/", views.clause, name="clause"),
    path("clauses/<str:ref>/inferences/<str:action>", views.clause_inference, name="clause_inference"),
    path("readiness/", views.readiness_page, name="readiness"),
    path("<str:ref>/", views.entry, name="entry"),
    path("<str:ref>/<str:action>", views.entry_action, name="entry_action"),
]

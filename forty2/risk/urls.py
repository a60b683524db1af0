from django.urls import path

from . import views, views_assessments, views_io, views_more

app_name = "risk"

urlpatterns = [
    path("", views.risk_list, name="risk_list"),
    path("new", views.risk_create, name="risk_create"),
    path("heatmap", views_more.heatmap, name="heatmap"),
    path("export", views_more.risk_export, name="risk_export"),
    path("import", views_io.risk_import, name="risk_import"),
    path("library", views_more.library_list, name="library"),
    path("library/<str:key>/adopt", views_more.library_adopt, name="library_adopt"),
    path("methodology", views_more.methodology, name="methodology"),
    path("methodology/new", views_more.methodology_new, name="methodology_new"),
    path("methodology/<int:pk>/approve", views_more.methodology_approve, name="methodology_approve"),
    path("assessments", views_more.run_list, name="run_list"),
    path("assessments/new", views_more.run_create, name="run_create"),
    path("assessments/<int:pk>/", views_more.run_detail, name="run_detail"),
    path("impact-assessments", views_assessments.ia_list, name="ia_list"),
    path("impact-assessments/new", views_assessments.ia_create, name="ia_create"),
    path("impact-assessments/<int:pk>/", views_assessments.ia_detail, name="ia_detail"),
    path("impact-assessments/<int:pk>/edit", views_assessments.ia_edit, name="ia_edit"),
    path("impact-assessments/<int:pk>/approve", views_assessments.ia_approve, name="ia_approve"),
    path("impact-assessments/<int:pk>/impacts", views_assessments.impact_add, name="impact_add"),
    path("impact-assessments/<int:pk>/impacts/<int:impact_pk>/delete", views_assessments.impact_delete,
         name="impact_delete"),
    path("<int:pk>/", views.risk_detail, name="risk_detail"),
    path("<int:pk>/edit", views.risk_edit, name="risk_edit"),
    path("<int:pk>/accept", views.risk_accept, name="risk_accept"),
    path("<int:pk>/actions", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/status", views.action_status, name="action_status"),
    path("<int:pk>/actions/<int:action_pk>/edit", views.action_edit, name="action_edit"),
    path("<int:pk>/actions/<int:action_pk>/delete", views.action_delete, name="action_delete"),
]

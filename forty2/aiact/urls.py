"""Pages under /o/<org>/: an AI system's EU AI Act classification and the organisation's risk profile."""

from django.urls import path

from . import views

app_name = "aiact"

urlpatterns = [
    path("ai-systems/<int:pk>/ai-act/", views.result, name="result"),
    path("ai-systems/<int:pk>/ai-act/questionnaire", views.questionnaire, name="questionnaire"),
    path("ai-systems/<int:pk>/ai-act/questions", views.questions, name="questions"),
    path("ai-systems/<int:pk>/ai-act/sign-off", views.sign_off, name="sign_off"),
    path("risk-profile/", views.org_profile, name="org_profile"),
]

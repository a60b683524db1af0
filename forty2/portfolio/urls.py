from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("digest", views.digest_preference, name="digest_preference"),
]

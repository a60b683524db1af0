"""Forty2's URLs plus the example app's pages (tests/settings.py)."""

from django.urls import include, path

from forty2.urls import handler404, urlpatterns

__all__ = ["handler404", "urlpatterns"]

urlpatterns = [path("o/<slug:org>/training/", include("tests.example_app.urls")),
               path("o/<slug:org>/reftest/", include("tests.ref_app.urls")), *urlpatterns]

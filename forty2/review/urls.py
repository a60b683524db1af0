from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "review"

urlpatterns = [
    path("<int:pk>/step/<str:step>", views.review_step, name="review_step"),
    path("<int:pk>/approve", views.approve, name="review_approve"),
    *pages.urls(faces.REVIEW_PAGES),
    *pages.urls(faces.ATTENDEE_PAGES, prefix="review-attendees/"),
    *pages.urls(faces.ACTION_PAGES, prefix="review-actions/"),
]

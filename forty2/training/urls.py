from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "training"

urlpatterns = [
    path("awareness/", views.awareness, name="awareness"),
    path("people/<int:pk>/", views.person_training, name="person"),
    path("ai-literacy/", views.literacy, name="literacy"),
    path("ai-literacy/<int:pk>/", views.system_literacy, name="system_literacy"),
    *[pattern for prefix, p in faces.PAGES.items() for pattern in pages.urls(p, prefix=f"{prefix}/")],
]

from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("", views.system_list, name="system_list"),
    path("new", views.system_create, name="system_create"),
    path("<int:pk>/", views.system_detail, name="system_detail"),
    path("<int:pk>/edit", views.system_edit, name="system_edit"),
]

from django.urls import path

from . import views

app_name = "catalog"

# Framework slugs may contain dots (nist-ai-rmf-1.0) and refs spaces and dots (GOVERN 1.1, Art. 27): str paths.
urlpatterns = [
    path("", views.index, name="index"),
    path("mappings/<str:source>/<str:target>/", views.mapping_set, name="mapping_set"),
    path("<str:framework>/", views.framework_detail, name="framework"),
    path("<str:framework>/<str:ref>/", views.requirement_detail, name="requirement"),
    path("<str:framework>/<str:ref>/status", views.requirement_status, name="requirement_status"),
    path("<str:framework>/<str:ref>/inferences/<str:action>", views.inference_action, name="inference_action"),
]

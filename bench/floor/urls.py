from django.db import connection
from django.http import JsonResponse
from django.urls import path
from ninja import NinjaAPI

from .api import router


def healthz(request):
    with connection.cursor() as cursor:  # as Forty2's: the database answers
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


api = NinjaAPI(urls_namespace="floor")
api.add_router("/", router)
urlpatterns = [path("healthz", healthz), path("api/v1/", api.urls)]

from django.urls import include, path

from forty2.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("o/<slug:org>/", include("forty2.aiact.urls")),  # …/ai-systems/<pk>/ai-act/ and …/risk-profile/
    path("o/<slug:org>/ai-systems/", include("forty2.inventory.urls")),
    path("o/<slug:org>/catalog/", include("forty2.catalog.urls")),
    path("", include("forty2.web.urls")),
]

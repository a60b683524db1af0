from forty2.records import pages
from tests.example_app.definitions import PAGES

app_name = "example_training"
urlpatterns = pages.urls(PAGES)

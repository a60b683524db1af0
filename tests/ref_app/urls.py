from forty2.records import pages
from tests.ref_app.definitions import SESSION_PAGES, TOPIC_PAGES

app_name = "reftest"
urlpatterns = pages.urls(TOPIC_PAGES, "ref-topics/") + pages.urls(SESSION_PAGES, "ref-sessions/")

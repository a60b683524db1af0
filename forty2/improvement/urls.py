from forty2.improvement import log, loop

app_name = "improvement"

urlpatterns = [
    *log.urlpatterns(),
    *loop.urlpatterns(),
]

from django.http import HttpResponse
from django.urls import path


def ceiling(request):
    """The least a Django view can do."""
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [path("benchmark/ceiling", ceiling)]

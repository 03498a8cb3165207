"""The site's URLs plus one view that fails, to see the real 500 page."""

from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


urlpatterns = [path("fail/", fail), *site_urlpatterns]

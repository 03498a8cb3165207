"""The site's URLs plus views that fail, to see the real 500 and 503 pages."""

from django.db import OperationalError
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


def database_fails(request):
    raise OperationalError("consuming input failed: server closed the connection unexpectedly")


urlpatterns = [path("fail/", fail), path("database-fails/", database_fails), *site_urlpatterns]

"""The project's own views: the health checks, for the load balancer and a monitor, and the
benchmark's ceiling. The pages' shared views (errors, refusals) are common/views.py's."""

import datetime

from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone

from outbox.services import last_heartbeat

from .health import database_answers


def healthz(request):
    """200 while the database answers within a second, 503 otherwise (stopped, unreachable, or
    hung): for the load balancer, not for people. config/health.py serves the same answer apart
    from the request workers."""
    if not database_answers():
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# The email worker beats every 10 seconds; a minute without a beat means it is not working.
WORKER_SILENT_AFTER = datetime.timedelta(seconds=60)


def worker_healthz(request):
    """200 while an email worker has said it is alive in the last minute, 503 otherwise: for a
    monitor to call, and to page someone."""
    try:
        beat = last_heartbeat()
    except DatabaseError:
        beat = None
    if beat is None or timezone.now() - beat > WORKER_SILENT_AFTER:
        return HttpResponse("email worker silent\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def benchmark_ceiling(request):
    """The least a Django view can do, for the benchmark to compare pages against."""
    return HttpResponse("ok\n", content_type="text/plain")

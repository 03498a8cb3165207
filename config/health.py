"""The load balancer's health check: whether the database answers, within a second, whatever it
does, and answered apart from the request workers so that it still answers while every one of
them waits for a hung database.

config/gunicorn.py starts serve_health() in each gunicorn worker, on HEALTH_BIND: a small HTTP
server in a thread of its own. All workers share the port (SO_REUSEPORT), so the probe is
answered as long as any worker process lives. /healthz on the site's own port gives the same
answer, but only when a worker is free to take it.
"""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import DatabaseError, connections

from common.deadline import watchdog

logger = logging.getLogger(__name__)

# The answer comes within this many seconds, whatever the database does.
HEALTH_BUDGET = 0.7
# The probe's SELECT 1 is cut after this long: a database this slow to say 1 is not healthy.
PROBE_DEADLINE = 0.5


class _Probe:
    """One look at the database, in a thread of its own with its own connection, which every
    caller arriving while it runs shares: a hung database costs one stuck thread per process
    (until the connect timeout or the probe's deadline ends it), not one per health check."""

    def __init__(self):
        self.done = threading.Event()
        self.answered = False
        threading.Thread(target=self._run, name="healthz", daemon=True).start()

    def _run(self):
        wrapper = connections["default"]  # this thread's own connection
        watch = watchdog.watch(wrapper, seconds=PROBE_DEADLINE)
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT 1")
            self.answered = True
        except DatabaseError:
            pass
        finally:
            watchdog.release(watch)
            connections.close_all()  # this thread's connection only
            self.done.set()


_lock = threading.Lock()
_probe = None


def database_answers(budget=HEALTH_BUDGET):
    """True if the database says 1 within `budget` seconds."""
    global _probe  # one probe in flight per process
    with _lock:
        if _probe is None or _probe.done.is_set():
            _probe = _Probe()
        probe = _probe
    return probe.done.wait(budget) and probe.answered


class _Handler(BaseHTTPRequestHandler):
    timeout = 5  # a client that connects and says nothing lets go of its thread

    def do_GET(self):
        self._answer(body=True)

    def do_HEAD(self):
        self._answer(body=False)

    def _answer(self, *, body):
        if self.path.partition("?")[0] != "/healthz":
            status, text = 404, b"not found\n"
        elif database_answers():
            status, text = 200, b"ok\n"
        else:
            status, text = 503, b"database unavailable\n"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(text)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(text)

    def log_message(self, format, *args):
        pass  # a balancer probes every few seconds: nothing worth a log line


class _Server(ThreadingHTTPServer):
    allow_reuse_address = True
    allow_reuse_port = True  # every worker listens on the same port; the kernel shares the probes
    daemon_threads = True


def serve_health(bind):
    """Answer GET /healthz on `bind` ("host:port", IPv4) from a thread of this process. Returns the
    server, or None (logged) if the address cannot be had: the pages are served all the same."""
    host, _, port = bind.rpartition(":")
    try:
        server = _Server((host or "127.0.0.1", int(port)), _Handler)
    except (OSError, ValueError):
        logger.exception("The health check could not listen on %s.", bind)
        return None
    threading.Thread(target=server.serve_forever, name="healthz-server", daemon=True).start()
    return server


def health_probes(get_response):
    """Answer the load balancer's probes before anything looks at the Host header or the
    scheme: balancers probe by IP address over plain HTTP, and would otherwise get a 400 (host
    not allowed) or a 301 (to HTTPS). Only these two paths skip the checks; they show no page
    and take no input."""
    from config.views import healthz, worker_healthz

    probes = {"/healthz": healthz, "/healthz/worker": worker_healthz}

    def middleware(request):
        probe = probes.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return get_response(request)

    return middleware

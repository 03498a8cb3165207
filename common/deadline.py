"""A deadline on a web request's database work that holds even when the database is hung.

PostgreSQL's statement_timeout cannot fire when the server itself has stopped (a paused virtual
machine, a frozen process), and TCP keepalives do not notice it either: the other end's kernel
still acknowledges every packet. Without a limit on our side, a request waits until gunicorn
kills the worker at 30 s, and the person sees a dropped connection instead of a page.

So one watchdog thread per process watches the database connections of the requests in flight.
At a request's deadline it shuts the request's connection's socket down: whatever call waits on
it returns at once with an OperationalError, and the request answers with the 503 page. Until
the request ends, any connection it opens again is cut too. (A cancel request would be gentler,
but a paused server takes none, and cancelling could itself hang; a server that is alive, only
slow, sees the connection go and stops the query within client_connection_check_interval.)
"""

import contextlib
import logging
import math
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

# After the cut, how often the watchdog looks for a connection the request opened again.
RECUT_EVERY = 0.25


class Watch:
    """One piece of database work under a deadline: from `due_at` on, its connection is cut,
    and cut again every RECUT_EVERY seconds while the work goes on (a connection it opens again
    must not hang either)."""

    def __init__(self, wrapper, *, seconds):
        self.wrapper = wrapper
        self.due_at = time.monotonic() + seconds
        self.fired = False  # the work ran past its deadline
        self.released = False
        self.lock = threading.Lock()  # the owner's release and the watchdog's act never overlap

    def act(self, now):
        """Called by the watchdog once due_at has come; returns when to be called again."""
        with self.lock:
            if not self.released:  # once released, the connection may serve other work
                self.fired = True
                # psycopg's connection, or None; its owner may close or replace it meanwhile
                conn = self.wrapper.connection
                if conn is not None and _cut(conn):
                    logger.warning("The database did not answer in time: a connection was cut.")
        return now + RECUT_EVERY


def _cut(conn):
    """Shut the connection's socket down, so that whatever waits on it returns at once with an
    OperationalError. True if a live connection was cut."""
    if conn.closed:
        return False
    try:
        fd = os.dup(conn.fileno())  # a socket object of our own, so closing it leaves libpq's alone
    except Exception:  # the connection went away meanwhile
        return False
    with socket.socket(fileno=fd) as sock:
        if conn.closed:  # closed after fileno(): the number may belong to another socket now
            return False
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    return True


class Watchdog:
    """The watches of one process, and the thread that acts on them when they are due."""

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)  # a gunicorn worker starts afresh

    def _reset(self):
        self._changed = threading.Condition()
        self._watches = set()
        self._thread = None
        self._wake_at = math.inf  # when the watchdog means to look next

    def watch(self, wrapper, *, seconds):
        """Put `wrapper`'s database work (a Django connection, of the calling thread) under a
        deadline `seconds` from now. Returns the Watch to release, or None for a database other
        than PostgreSQL (SQLite is a file: it has its own timeout and nothing to cut)."""
        if wrapper.vendor != "postgresql":
            return None
        watch = Watch(wrapper, seconds=seconds)
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-deadline", daemon=True)
                self._thread.start()
            self._watches.add(watch)
            if watch.due_at < self._wake_at:  # usually not: a new request is due after the rest
                self._changed.notify()
        return watch

    def release(self, watch):
        """End the watch: from now on the watchdog leaves the connection alone."""
        if watch is not None:
            with watch.lock:
                watch.released = True
            with self._changed:
                self._watches.discard(watch)

    def _run(self):
        while True:
            with self._changed:
                now = time.monotonic()
                due = [watch for watch in self._watches if watch.due_at <= now]
                if not due:
                    self._wake_at = min((watch.due_at for watch in self._watches), default=math.inf)
                    self._changed.wait(None if self._wake_at == math.inf else self._wake_at - now)
                    continue
            for watch in due:
                try:
                    watch.due_at = watch.act(now)
                except Exception:  # never let one watch stop the watchdog
                    logger.exception("The database watchdog failed to act on a connection.")
                    watch.due_at = now + RECUT_EVERY


watchdog = Watchdog()


class DatabaseDeadline:
    """Middleware: each request's database work gives up DB_REQUEST_TIMEOUT seconds after the
    request started, well inside gunicorn's timeout, so the person gets the 503 page (a new
    connection may still take the connect timeout to fail). A connection the watchdog cut is
    closed afterwards, and the next request opens a fresh one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wrapper = connections["default"]
        seconds = settings.DB_REQUEST_TIMEOUT
        watch = watchdog.watch(wrapper, seconds=seconds) if seconds else None
        try:
            return self.get_response(request)
        finally:
            watchdog.release(watch)
            if watch is not None and watch.fired:
                with contextlib.suppress(DatabaseError):
                    wrapper.close()

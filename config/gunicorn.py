"""gunicorn's settings for the site, as the README's production section runs it:
`scripts/serve --workers 4 --bind 127.0.0.1:8000`, which runs
`gunicorn -c config/gunicorn.py config.wsgi` with those options.

Each worker also answers the load balancer's health check on DJANGO_HEALTH_BIND
(127.0.0.1:8001 by default), in a thread apart from the one that serves pages: /healthz there
answers within a second even while every worker waits for a hung database (config/health.py).
"""

# Gunicorn's own default, named here because the site's limits are set below it: a request's
# database work gives up after DJANGO_DB_REQUEST_TIMEOUT (5 s; a new connection's connect
# timeout, 3 s, may follow), so a worker is never killed for waiting on the database and nobody
# sees a dropped connection.
timeout = 30


def post_worker_init(worker):
    from django.conf import settings

    if not hasattr(settings, "HEALTH_BIND"):  # the benchmark's minimal project, served alike
        return
    from config.health import serve_health

    serve_health(settings.HEALTH_BIND)
    limit = settings.DB_REQUEST_TIMEOUT + settings.DATABASES["default"].get("OPTIONS", {}).get(
        "connect_timeout", 0
    )
    if worker.cfg.timeout and not (settings.DB_REQUEST_TIMEOUT and limit < worker.cfg.timeout):
        worker.log.warning(
            "DJANGO_DB_REQUEST_TIMEOUT (%s s) does not end a request's database work before "
            "gunicorn's timeout (%s s): a hung database will cost people dropped connections.",
            settings.DB_REQUEST_TIMEOUT,
            worker.cfg.timeout,
        )

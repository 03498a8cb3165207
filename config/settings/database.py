"""The database: SQLite by default, PostgreSQL with DATABASE_URL, and how long its work may take."""

import os

import dj_database_url

from .base import VAR_DIR, env_bool

# SQLite in var/ by default; DATABASE_URL (postgres://...) switches to PostgreSQL with psycopg 3.
DATABASE_URL = os.environ.get("DATABASE_URL")
# How long one SQL statement may run, by what the process is (manage.py sets DJANGO_DB_ROLE):
# a web request gives up after 10 s and answers, the email worker and scheduled jobs get two
# minutes, migrations as long as they need.
DB_ROLE = os.environ.get("DJANGO_DB_ROLE", "web")
STATEMENT_TIMEOUT_MS = int(
    os.environ.get(
        "DJANGO_DB_STATEMENT_TIMEOUT_MS",
        {"web": 10_000, "job": 120_000, "migrate": 0}.get(DB_ROLE, 10_000),
    )
)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=60,
            # A kept connection is checked before each request reuses it, so a database
            # restart or failover costs nobody a 500.
            conn_health_checks=env_bool("DJANGO_DB_HEALTH_CHECKS", default=True),
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["OPTIONS"] = {
            "connect_timeout": int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", 3)),
            # A live server checks every 2 s, while it runs a statement, whether the client is
            # still there (a request's connection cut at its deadline, below; PostgreSQL 14+).
            "options": (
                f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
                " -c client_connection_check_interval=2000"
            ),
            "application_name": f"seminars-{DB_ROLE}",
            # A network that dies is noticed within about 25 s, on idle connections kept between
            # requests and on the email worker's: keepalive probes after 10 s of quiet, every 5 s,
            # three missed; data unacknowledged for 25 s drops the connection. (A paused server
            # still acknowledges: only the request deadline below notices that.)
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 25_000,
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # atomic() takes SQLite's write lock up front, so capacity checks serialise
                # (select_for_update does nothing on SQLite).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
# A web request's database work gives up this many seconds after the request started, even
# when the server is hung and its statement_timeout cannot fire: its connection is cut
# (common/deadline.py). With a new connection's 3 s connect timeout, a page answers within 10 s,
# far below gunicorn's 30 s timeout: a person gets the 503 page, not a dropped connection. 0: off.
DB_REQUEST_TIMEOUT = float(os.environ.get("DJANGO_DB_REQUEST_TIMEOUT", 5))
# Where each gunicorn worker answers the load balancer's /healthz, apart from the pages
# (config/health.py, started by config/gunicorn.py), so it answers while every worker is busy.
HEALTH_BIND = os.environ.get("DJANGO_HEALTH_BIND", "127.0.0.1:8001")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

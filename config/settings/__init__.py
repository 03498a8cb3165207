"""Settings for every environment: only environment variables differ. By concern: base (files,
apps, middleware, templates), database, security (signing in, headers), services (email,
retention, cache, rate limits, logging).

Defaults work on a fresh laptop (SQLite and media in the git-ignored var/ folder, a development
secret key generated on first run). DJANGO_ENV=production turns the guards on.
"""

from .base import *  # noqa: F403
from .database import *  # noqa: F403
from .security import *  # noqa: F403
from .services import *  # noqa: F403

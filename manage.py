#!/usr/bin/env python
import os
import sys

# Statements may run longest when migrating, and longer in commands than in web requests.
ROLES = {"migrate": "migrate", "runserver": "web"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    os.environ.setdefault("DJANGO_DB_ROLE", ROLES.get(command, "job"))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

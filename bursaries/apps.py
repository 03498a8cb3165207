from django.apps import AppConfig


class BursariesConfig(AppConfig):
    name = "bursaries"

from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "stays"

from django.apps import AppConfig


class DomiciliationConfig(AppConfig):
    name = "domiciliation"
    verbose_name = "Domiciliation"

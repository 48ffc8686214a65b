from django.apps import AppConfig


class DomiciliationConfig(AppConfig):
    name = "domiciliation"
    verbose_name = "Domiciliation"

    def ready(self) -> None:
        # The reception desk shows and hands over the waiting mail through core.desk, without importing this app.
        from core.desk import register_mail_desk

        from .desk import MAIL_DESK

        register_mail_desk(MAIL_DESK)

import pytest


@pytest.fixture(autouse=True)
def _media_and_reminders(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARCOURS_REMINDER_LOG = tmp_path / "reminders.log"
    settings.PARCOURS_REMINDER_GATEWAY = "accompaniment.reminders.FileGateway"

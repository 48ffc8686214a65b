import datetime

from jobs.schedule import register

from .tasks import send_reminders

register("rappels-rendez-vous", send_reminders, every=datetime.timedelta(minutes=15))

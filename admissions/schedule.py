import datetime

from jobs.schedule import register

from .tasks import review_no_shows

register("non-presentations", review_no_shows, daily_at=datetime.time(6, 0))

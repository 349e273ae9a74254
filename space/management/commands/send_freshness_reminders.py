from django.conf import settings
from django.core.management.base import BaseCommand

from space.reminders import associations_to_remind, send_reminder


class Command(BaseCommand):
    help = (
        "E-mail each association whose information was last checked more than N months ago, "
        "at most once a month, with a link that shows its information and confirms it without "
        "logging in. Run it daily or weekly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.STALE_AFTER_MONTHS,
            help="Months after which information is old (default: STALE_AFTER_MONTHS).",
        )

    def handle(self, *args, months, **options):
        sent = skipped = 0
        for association in associations_to_remind(months):
            if send_reminder(association):
                sent += 1
            else:
                skipped += 1
        self.stdout.write(f"{sent} reminder(s) sent, {skipped} association(s) without an address.")

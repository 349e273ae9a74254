from django.core.management.base import BaseCommand

from opendata import import_jobs


class Command(BaseCommand):
    help = (
        "Poursuit les imports commencés dans le back-office, par lots, jusqu'à leur fin : "
        "ceux dont la page a été fermée (à lancer chaque minute depuis cron). Un import dont "
        "un autre processus s'occupe est laissé à celui-ci."
    )

    def handle(self, **options):
        for job in import_jobs.unfinished():
            while import_jobs.advance(job):
                pass
            if job.finished:
                self.stdout.write(f"{job} : terminé.")

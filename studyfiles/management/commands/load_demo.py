"""`manage.py load_demo`: the demo researcher, the paper's study with its codebook and the
MLOps phase-tracking study, idempotent and quick."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from studyfiles.demo import DEMO_DEFAULT_PASSWORD, DEMO_USERNAME, demo_load


class Command(BaseCommand):
    help = (
        "Create the demo researcher (password from DEMO_PASSWORD, default focusgroup-demo) and "
        "import the MLOps study of Araujo et al. (ICEIS 2024) with its two sessions and the "
        "codebook of its themes, and a phase-tracking study of the MLOps process, once."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEMO_DEFAULT_PASSWORD
        result = demo_load(password=password)
        study = result.study
        if result.study_created:
            self.stdout.write(f"Imported the demo study {study.title!r} (id {study.pk}).")
        else:
            self.stdout.write(f"The demo study already exists (id {study.pk}); nothing imported.")
        phase_study = result.phase_study
        if result.phase_study_created:
            self.stdout.write(
                f"Imported the phase-tracking demo study {phase_study.title!r} "
                f"(id {phase_study.pk})."
            )
        else:
            self.stdout.write(
                f"The phase-tracking demo study already exists (id {phase_study.pk}); "
                "nothing imported."
            )
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"Open {site}{reverse('study-detail', args=[study.pk])}")
        self.stdout.write(f"and {site}{reverse('study-detail', args=[phase_study.pk])}")
        self.stdout.write(f"Sign in as {DEMO_USERNAME!r} with password {password!r}.")

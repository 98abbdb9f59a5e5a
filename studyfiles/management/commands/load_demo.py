"""`manage.py load_demo`: the demo researcher and studies, idempotent and quick.

The studies are the paper's study with its codebook and the MLOps phase-tracking study."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from studyfiles.demo import DEMO_DEFAULT_PASSWORD, DEMO_USERNAME, demo_load


class Command(BaseCommand):
    help = (
        "Create the demo researcher (password from DEMO_PASSWORD, default focusgroup-demo) and "
        "import the MLOps study of Araujo et al. (ICEIS 2024) with its two sessions and the "
        "codebook of its themes, and a phase-tracking study of the MLOps process, once."
    )

    def handle(self, *args, **options):
        site = site_address()  # checked first: a bad PORT stops the command before it writes
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
        self.stdout.write(f"Open {site}{reverse('study-detail', args=[study.pk])}")
        self.stdout.write(f"and {site}{reverse('study-detail', args=[phase_study.pk])}")
        self.stdout.write(f"Sign in as {DEMO_USERNAME!r} with password {password!r}.")


# Addresses a server listens on that a browser cannot open: the same machine answers on loopback.
ANY_ADDRESS = {"0.0.0.0", "::", "[::]"}  # noqa: S104 (compared with, never bound)


def site_address() -> str:
    """Where the app answers, as `make run` starts it: SITE_URL when set, else HOST and PORT from
    the environment (the Makefile passes them), else the default SITE_URL."""
    if os.environ.get("SITE_URL") or not (os.environ.get("HOST") or os.environ.get("PORT")):
        return settings.SITE_URL.rstrip("/")
    host = (os.environ.get("HOST") or "127.0.0.1").strip()
    port = (os.environ.get("PORT") or "8000").strip()
    if not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise CommandError(f"PORT must be a number from 1 to 65535; {port!r} is not.")
    if not host or any(c.isspace() or c in "/?#@" for c in host):
        raise CommandError(f"HOST must be a host name or an IP address; {host!r} is not.")
    if host in ANY_ADDRESS:
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{int(port)}"

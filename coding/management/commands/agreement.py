"""`manage.py agreement STUDY_ID [--format json|text]`: agreement between a study's coders."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from coding.cli import study_or_fail
from coding.selectors import study_agreement


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.4f}"


class Command(BaseCommand):
    help = (
        "Agreement per code between a study's coders (percent agreement, Cohen's kappa per pair, "
        "Krippendorff's alpha); the final coder is left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("study_id", type=int, metavar="STUDY_ID")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, study_id: int, format: str, **options):
        study = study_or_fail(study_id)
        document = study_agreement(study).as_document(study.title)
        if format == "json":
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{document['study']}: coders {', '.join(document['coders']) or '-'}; "
            f"{document['units']} units coded by every coder"
        )
        for key, figures in document["codes"].items():
            kappas = ", ".join(f"{p} {_fmt(k)}" for p, k in figures["cohen_kappa"].items())
            self.stdout.write(
                f"{key}: agreement {_fmt(figures['percent_agreement'])}, "
                f"alpha {_fmt(figures['krippendorff_alpha'])}, kappa {kappas}"
            )

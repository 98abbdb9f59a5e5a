"""`manage.py export_grid STUDY_ID --format json|csv|csv-grid|md|latex|xlsx [filters] [-o FILE]`.

For operators with shell access: no permission check, the same selectors and exporters as the
page and the API. Without -o the export goes to standard output (XLSX needs -o).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statements.models import Study

from ...exporters import EXPORT_FORMATS, export
from ...filters import FilterError
from ...selectors import analysis_filters_parse, study_data_load


class Command(BaseCommand):
    help = "Export a study's agreement grids, participant table and notes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("study_id", type=int, help="Id of the study.")
        parser.add_argument(
            "--format", dest="fmt", default="json", choices=list(EXPORT_FORMATS), help="Format."
        )
        parser.add_argument("--session", help="Only this session (its name).")
        parser.add_argument("--field", help="Only participants whose profile field ...")
        parser.add_argument("--value", help="... has this value.")
        parser.add_argument("--since", help="Only notes created at or after (ISO 8601).")
        parser.add_argument("--until", help="Only notes created at or before (ISO 8601).")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, *args, study_id: int, fmt: str, output: str | None, **options) -> None:
        study = Study.objects.filter(pk=study_id).first()
        if study is None:
            raise CommandError(f"No study with id {study_id}.")
        params = {k: options.get(k) or "" for k in ("session", "field", "value", "since", "until")}
        try:
            filters = analysis_filters_parse(study=study, params=params)
        except FilterError as exc:
            raise CommandError(f"--{exc.param}: {exc.message}") from exc
        if fmt == "xlsx" and not output:
            raise CommandError("XLSX is binary: give a file with -o FILE.")
        data = study_data_load(study=study, filters=filters, with_text=fmt in {"csv", "xlsx"})
        content = export(data, fmt=fmt)
        if output:
            target = Path(output)
            if not target.parent.is_dir():
                raise CommandError(f"-o: the folder {str(target.parent)!r} does not exist.")
            # Written next to the target first, so a failed write never leaves half a file.
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(content)
            partial.replace(target)
            self.stderr.write(f"Wrote {len(content)} bytes to {target}.")
        else:
            self.stdout.write(content.decode(), ending="")

"""A session's sequence (last_seq) is at least its highest note number: sessions imported before
the importer set it were left at 0, and run live they numbered new notes under the imported ones."""

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest


def last_seq_after_notes(apps, schema_editor):
    Session = apps.get_model("focus_sessions", "Session")
    Note = apps.get_model("focus_sessions", "Note")
    highest = (
        Note.objects.filter(session_id=OuterRef("pk"))
        .order_by()
        .values("session_id")
        .annotate(top=Max("seq"))
        .values("top")
    )
    Session.objects.update(last_seq=Greatest("last_seq", Coalesce(Subquery(highest), 0)))


class Migration(migrations.Migration):
    dependencies = [
        ("focus_sessions", "0007_note_times_unknown_are_null"),
    ]

    operations = [
        # Nothing to undo: a higher last_seq only leaves numbers unused.
        migrations.RunPython(last_seq_after_notes, migrations.RunPython.noop, atomic=True),
    ]

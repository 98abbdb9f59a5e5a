"""A note imported without a time has none (null) instead of the time of its import."""

from django.db import migrations, models


def unknown_times_to_null(apps, schema_editor):
    Note = apps.get_model("focus_sessions", "Note")
    NoteRevision = apps.get_model("focus_sessions", "NoteRevision")
    untimed = Note.objects.filter(created_at_known=False)
    NoteRevision.objects.filter(note__in=untimed, kind="create").update(created_at=None)
    # Never changed live since the import: its last change is as unknown as its creation.
    untimed.filter(updated_at=models.F("created_at")).update(updated_at=None)
    untimed.update(created_at=None)


def null_times_to_import_order(apps, schema_editor):
    """Back to guessed times: the epoch plus the note's place, flagged unknown."""
    import datetime as dt

    Note = apps.get_model("focus_sessions", "Note")
    NoteRevision = apps.get_model("focus_sessions", "NoteRevision")
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    for note in Note.objects.filter(created_at__isnull=True):
        at = epoch + dt.timedelta(microseconds=note.seq)
        Note.objects.filter(pk=note.pk).update(
            created_at=at, created_at_known=False, updated_at=note.updated_at or at
        )
        NoteRevision.objects.filter(note=note, created_at__isnull=True).update(created_at=at)


class Migration(migrations.Migration):
    # PostgreSQL refuses to alter a table in the transaction that updated its rows (pending
    # deferred checks): each step commits on its own, the data step (atomic=True) in a
    # transaction of its own.
    atomic = False

    dependencies = [
        ("focus_sessions", "0006_participant_withdrawal"),
    ]

    operations = [
        migrations.AlterField(
            model_name="note",
            name="created_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="note",
            name="updated_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="noterevision",
            name="created_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(unknown_times_to_null, null_times_to_import_order, atomic=True),
        migrations.RemoveField(
            model_name="note",
            name="created_at_known",
        ),
        migrations.AlterModelOptions(
            name="note",
            options={"ordering": (models.OrderBy(models.F("created_at"), nulls_first=True), "seq")},
        ),
        migrations.AddConstraint(
            model_name="note",
            constraint=models.CheckConstraint(
                condition=models.Q(created_at__isnull=True) | models.Q(updated_at__isnull=False),
                name="note_updated_when_created_known",
            ),
        ),
    ]

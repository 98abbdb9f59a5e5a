"""Recordings, speakers and transcript lines now belong to the recordings app: only Django's
state changes here; the tables stay as they are (the recordings models name them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("focus_sessions", "0002_recordings"),
        ("recordings", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="TranscriptSegment"),
                migrations.DeleteModel(name="Speaker"),
                migrations.DeleteModel(name="Recording"),
            ],
            database_operations=[],
        ),
    ]

"""Notes and board events lose their own index on session: a composite index leads with it.

Note's (session, statement) index and BoardEvent's unique (session, seq) serve every lookup by
session, so the single-column indexes only cost each new note two more index entries.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("focus_sessions", "0009_note_create_function"),
    ]

    operations = [
        migrations.AlterField(
            model_name="boardevent",
            name="session",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="focus_sessions.session",
            ),
        ),
        migrations.AlterField(
            model_name="note",
            name="session",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notes",
                to="focus_sessions.session",
            ),
        ),
    ]

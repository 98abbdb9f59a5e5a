"""On the embedded SQLite a new note goes through the ORM, with the same checks and answers."""

from __future__ import annotations

import json

from tests.project.embedded import run_embedded

PROGRAM = """
import json, uuid
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from django.utils import timezone
from sessions.errors import BoardError
from sessions.models import BoardEvent, Note, Step
from sessions.services import note_create, participant_create, session_create, session_step_set
from statements.services import statement_add, study_create

study = study_create(title="Embedded", owner=None)
statement = statement_add(study=study, key="S1", text="Notes work without PostgreSQL.")
session = session_create(study=study, name="One")
p1, p2 = (participant_create(session=session, consented_at=timezone.now()) for _ in range(2))
session_step_set(session=session, statement=statement, step=Step.COMMENT)
note_id = uuid.uuid4()
args = {"statement_id": statement.pk, "level": "strongly_agree", "text": "Plain"}
out = {"vendor": connection.vendor}
created = note_create(participant=p1, note_id=note_id, **args)
out["created"] = [created.duplicate, created.note.seq, created.note.level_id is not None]
out["again"] = note_create(participant=p1, note_id=note_id, **args).duplicate
for name, who, same_id, extra in [("taken", p2, True, {}), ("level", p1, False, {"level": "x"})]:
    try:
        new_id = note_id if same_id else uuid.uuid4()
        note_create(participant=who, note_id=new_id, **{**args, **extra})
    except BoardError as error:
        out[name] = error.code
event = BoardEvent.objects.get(type="note.created")
out["stored"] = [Note.objects.count(), event.seq, event.payload["note_total"]]
print(json.dumps(out))
"""


def test_the_embedded_sqlite_stores_a_note_once_and_refuses_with_the_same_codes(tmp_path):
    result = run_embedded(PROGRAM, tmp_path / "var")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["vendor"] == "sqlite"
    duplicate, seq, has_level = out["created"]
    assert (duplicate, has_level) == (False, True)
    assert out["again"] is True
    assert (out["taken"], out["level"]) == ("id_taken", "unknown_level")
    assert out["stored"] == [1, seq, 1]

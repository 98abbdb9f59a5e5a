"""On PostgreSQL, a new note is checked and stored by one function, in one round trip.

focus_note_create locks the session's row, reads what the note is checked against, and stores the
note with its revision and its event only if every check passes; it returns what it read either
way, so that sessions/note_services.py says why a refused note was refused. Its statements' plans
are kept by each connection. The embedded SQLite has no functions: there the ORM does the same.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION focus_note_create(
    p_participant bigint, p_id uuid, p_statement bigint, p_level text, p_text text,
    p_at timestamptz, p_open_steps text[], p_payload jsonb
) RETURNS TABLE (
    r_session bigint, r_study bigint, r_last_seq bigint, r_locked boolean, r_active bigint,
    r_step text, r_deadline timestamptz, r_timer_closes boolean, r_code text, r_color text,
    r_removed_at timestamptz, r_withdrawn_at timestamptz, r_level bigint, r_author bigint,
    r_note_total bigint, r_stored boolean
) LANGUAGE plpgsql AS $$
BEGIN
    SELECT s.id, s.study_id, s.last_seq, s.locked, s.active_statement_id, s.step,
        s.step_deadline, st.timer_closes_notes, p.code, p.color, p.removed_at, p.withdrawn_at,
        (SELECT l.id FROM statements_scalelevel l WHERE l.study_id = s.study_id AND l.key = p_level),
        (SELECT n.participant_id FROM focus_sessions_note n WHERE n.id = p_id)
    INTO r_session, r_study, r_last_seq, r_locked, r_active, r_step, r_deadline,
        r_timer_closes, r_code, r_color, r_removed_at, r_withdrawn_at, r_level, r_author
    FROM focus_sessions_participant p
    JOIN focus_sessions_session s ON s.id = p.session_id
    JOIN statements_study st ON st.id = s.study_id
    WHERE p.id = p_participant
    FOR UPDATE OF s;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- The checks of note_services.refuse_create, in its order.
    r_stored := r_removed_at IS NULL AND r_author IS NULL AND r_level IS NOT NULL
        AND NOT r_locked AND r_active = p_statement AND r_step = ANY (p_open_steps)
        AND NOT (r_deadline IS NOT NULL AND r_timer_closes AND p_at >= r_deadline);
    IF NOT r_stored THEN
        RETURN NEXT;
        RETURN;
    END IF;
    r_last_seq := r_last_seq + 1;
    -- One statement: its parts see the same snapshot, so the total adds the new note itself
    -- (unless its author withdrew: anonymised marks are not on the board).
    WITH seq AS (
        UPDATE focus_sessions_session SET last_seq = r_last_seq WHERE id = r_session
    ), note AS (
        INSERT INTO focus_sessions_note (id, session_id, statement_id, participant_id, level_id,
            text, version, flagged_unclear, created_at, updated_at, seq, file_id)
        VALUES (p_id, r_session, p_statement, p_participant, r_level, p_text, 1, false, p_at,
            p_at, r_last_seq, '')
    ), revision AS (
        INSERT INTO focus_sessions_noterevision (note_id, kind, version, level_id, text,
            created_at)
        VALUES (p_id, 'create', 1, r_level, p_text, p_at)
    ), total AS (
        -- The statement's notes less those of withdrawn participants (usually none), each count
        -- led by its own index: joined, a fresh table's missing statistics planned a scan of
        -- every participant for every note, which grew with the board.
        SELECT (SELECT count(*) FROM focus_sessions_note n
                WHERE n.session_id = r_session AND n.statement_id = p_statement
                    AND n.deleted_at IS NULL)
            - (SELECT coalesce(sum((SELECT count(*) FROM focus_sessions_note n
                    WHERE n.participant_id = q.id AND n.statement_id = p_statement
                        AND n.deleted_at IS NULL)), 0)
                FROM focus_sessions_participant q
                WHERE q.session_id = r_session AND q.withdrawn_at IS NOT NULL)
            + (r_withdrawn_at IS NULL)::int AS notes
    ), event AS (
        INSERT INTO focus_sessions_boardevent
            (session_id, seq, type, payload, statement_id, step, created_at)
        SELECT r_session, r_last_seq, 'note.created',
            jsonb_build_object(
                'note', (p_payload -> 'note') || jsonb_build_object(
                    'seq', r_last_seq, 'code', r_code, 'color', r_color),
                'note_total', total.notes),
            p_statement, r_step, p_at
        FROM total
    )
    SELECT notes INTO r_note_total FROM total;
    RETURN NEXT;
END;
$$
"""

DROP = (
    "DROP FUNCTION IF EXISTS focus_note_create"
    "(bigint, uuid, bigint, text, text, timestamptz, text[], jsonb)"
)


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("focus_sessions", "0008_session_last_seq_after_imported_notes"),
        ("statements", "0003_study_timer_closes_notes"),
    ]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]

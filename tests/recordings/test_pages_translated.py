"""The recordings page speaks the researcher's language.

That is the browser's, pt-BR or es: headings, the upload form, the table, a recording's status and
the message after an upload come from the committed catalogs, and none of their English shows."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recordings import services
from recordings.models import Recording

from .conftest import as_upload
from .worker import purge_queue

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Upload recordings",
    "Recording files",
    "No transcription worker is running.",
    "Recordings of Session 1",
    "Transcription progress",
    "uploaded; transcription queued.",
    ">Queued<",
    ">Length<",
]
EXPECTED = {
    "pt-BR": [
        "Enviar gravações",
        "Arquivos de gravação",
        "Nenhum worker de transcrição está em execução.",
        "Gravações de Session 1",
        "Progresso da transcrição",
        "“speech.wav” enviado; transcrição na fila.",
        ">Na fila<",
        ">Duração<",
    ],
    "es": [
        "Subir grabaciones",
        "Archivos de grabación",
        "No hay ningún worker de transcripción en ejecución.",
        "Grabaciones de Session 1",
        "Progreso de la transcripción",
        "“speech.wav” subido; transcripción en cola.",
        ">En cola<",
        ">Duración<",
    ],
}


@pytest.mark.parametrize("language", ["pt-BR", "es"])
def test_the_recordings_page_after_an_upload_is_in_the_browsers_language(
    language, owner, session, monitoring_wav
):
    browser = Client(HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    browser.force_login(owner)
    url = reverse("recording-upload", args=[session.study_id, session.pk])
    page = browser.post(url, {"file": as_upload(monitoring_wav, "speech.wav")}, follow=True)
    purge_queue()
    assert Recording.objects.filter(session=session).count() == 1
    html = page.content.decode()
    assert page.status_code == 200
    assert [text for text in EXPECTED[language] if text not in html] == []
    assert [text for text in ENGLISH if text in html] == []


DETAIL = {
    "pt-BR": ["Falantes", "Os falantes ainda não foram detectados.", "Salvar hora de início"],
    "es": ["Hablantes", "Los hablantes aún no se han detectado.", "Guardar hora de inicio"],
}


@pytest.mark.parametrize("language", ["pt-BR", "es"])
def test_a_transcripts_page_is_in_the_browsers_language(language, owner, session, monitoring_wav):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    purge_queue()
    services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    Recording.objects.filter(pk=recording.pk).update(speakers_status="")
    browser = Client(HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    browser.force_login(owner)
    html = browser.get(reverse("recording-detail", args=[recording.pk])).content.decode()
    assert [text for text in DETAIL[language] if text not in html] == []
    english = ["Speakers are not detected yet.", "Save start time", "Save line", ">Edit<"]
    assert [text for text in english if text in html] == []


MOMENT = {
    "pt-BR": [
        "Voltar à transcrição",
        "O quadro como estava quando esta fala terminou",
        "Nenhuma afirmação estava no quadro nesse momento.",
    ],
    "es": [
        "Volver a la transcripción",
        "El tablero tal como estaba cuando terminó esta línea",
        "Ninguna afirmación estaba en el tablero en ese momento.",
    ],
}
ON_STATEMENT = {
    "pt-BR": "Nenhuma fala da transcrição foi dita enquanto esta afirmação estava no quadro.",
    "es": "No se dijo ninguna línea de la transcripción mientras esta afirmación estaba en el "
    "tablero.",
}


@pytest.mark.parametrize("language", ["pt-BR", "es"])
def test_the_board_at_a_line_and_a_statements_lines_are_in_the_browsers_language(
    language, owner, session, monitoring_wav
):
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    purge_queue()
    services.recording_run(
        recording_id=recording.pk, run_id=str(recording.run_id), engine_name="pocketsphinx"
    )
    segment = recording.segments.first()
    browser = Client(HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    browser.force_login(owner)
    moment = browser.get(reverse("segment-board", args=[recording.pk, segment.pk]))
    html = " ".join(moment.content.decode().split())
    assert [text for text in MOMENT[language] if text not in html] == []
    english = ["Back to the transcript", "As the board stood", "No statement was on the board"]
    assert [text for text in english if text in html] == []
    statement = session.study.statements.first()
    lines = browser.get(reverse("statement-transcript", args=[session.study_id, statement.pk]))
    html = " ".join(lines.content.decode().split())
    assert ON_STATEMENT[language] in html
    assert "No transcript line was said" not in html

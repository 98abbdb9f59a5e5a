"""Services refuse with one error type, DomainError, mapped once per transport.

The REST API answers its status and JSON body, a form shows it by its field, the socket sends its
message."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from focusgroup.errors import DomainError, form_errors
from recordings.upload import UploadRefused
from sessions.errors import BoardError
from studyfiles.validation import StudyFileError

# Exception classes of these apps that are not refusals, and why.
NOT_REFUSALS = {
    "recordings.services.RunSuperseded": "control flow: a run that lost its recording stops",
    "recordings.engines.UnknownEngine": "an engine failure (TranscriptionError), kept on the run",
    "phases.selectors.FilterError": "query parsing, answered where the query is read",
}


class Refusing(APIView):
    authentication_classes = ()
    permission_classes = ()
    error: DomainError = DomainError("none", "No refusal.")

    def get(self, request):
        raise self.error


def answer(error: DomainError):
    return Refusing.as_view(error=error)(APIRequestFactory().get("/"))


def test_every_service_refusal_is_a_domain_error_with_a_code():
    assert isinstance(BoardError("board_locked", "The board is locked."), DomainError)
    assert UploadRefused("Empty.").code == "upload_refused"
    assert StudyFileError("/study/title", "The title must not be empty.").pointer == "/study/title"


def test_the_api_answers_a_domain_error_with_its_status_and_body():
    response = answer(DomainError("key_taken", "Key 'S1' is taken.", field="key"))
    assert response.status_code == 400
    assert response.data == {"code": "key_taken", "message": "Key 'S1' is taken.", "field": "key"}
    response = answer(BoardError("board_locked", "The board is locked."))
    assert response.status_code == 409
    assert response.data == {"code": "board_locked", "message": "The board is locked."}
    response = answer(StudyFileError("/study/scale", "The scale must have 2 to 11 levels."))
    assert response.status_code == 400
    assert response.data == {
        "code": "study_file_invalid",
        "message": "The scale must have 2 to 11 levels.",
        "pointer": "/study/scale",
    }


def test_a_form_shows_it_next_to_the_field_it_names_or_above_the_form():
    class Upload(forms.Form):
        file = forms.CharField()

    form = Upload(data={"file": "x"})
    form.is_valid()
    form_errors(form, UploadRefused("The file is empty."))
    form_errors(form, DomainError("other", "Something else.", field="nope"))
    assert form.errors == {"file": ["The file is empty."], "__all__": ["Something else."]}


def test_the_socket_message_keeps_the_board_protocol():
    error = BoardError(
        "stale_version", "Changed meanwhile.", field="base_version", current={"v": 2}
    )
    assert error.as_message(ref=7) == {
        "type": "error",
        "code": "stale_version",
        "message": "Changed meanwhile.",
        "field": "base_version",
        "current": {"v": 2},
        "ref": 7,
    }


def _exception_classes(app: str):
    package = importlib.import_module(app)
    for info in pkgutil.walk_packages(package.__path__, f"{app}."):
        if ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                yield f"{module.__name__}.{name}", value


def test_recordings_coding_and_phases_refuse_only_with_domain_errors():
    found = {
        name: cls
        for app in ("recordings", "coding", "phases")
        for name, cls in _exception_classes(app)
    }
    assert "coding.errors.CodingError" in found  # the walk reaches every module
    others = sorted(name for name, cls in found.items() if not issubclass(cls, DomainError))
    assert others == sorted(NOT_REFUSALS)


def test_the_refusals_of_recordings_coding_and_phases_carry_their_codes():
    from coding.errors import CodingError
    from phases.errors import PhaseError
    from phases.services import CsvError
    from recordings.errors import LineError, SpeakerError

    assert CodingError("No.", where="/codebook/0/key").pointer == "/codebook/0/key"
    assert CodingError("No.", where="key").field == "key"
    assert CodingError("Twice.", where="code", status=409, code="coding_duplicate").status == 409
    assert SpeakerError("No.", field="first").code == "speakers_refused"
    assert LineError("Empty.").as_message() == {
        "type": "error",
        "code": "line_refused",
        "message": "Empty.",
        "field": "text",
    }
    assert PhaseError("No.", field="main").code == "phase_refused"
    csv = CsvError("Minutes must be more than 0.", row=3, column="minutes")
    assert (csv.code, csv.field, csv.message) == (
        "phase_csv_invalid",
        "file",
        "Row 3, column 'minutes': Minutes must be more than 0.",
    )

"""Resumable uploads of recordings through the REST API.

Create one with the file's size and SHA-256, append chunks at the offset the server holds, ask for
that offset after a broken connection, finish (checksum, then the same checks and queued job as the
page's upload).

An upload is its uploader's alone. Its bytes gather in a partial file under private media; only
`finish` turns them into a Recording, so a broken or abandoned upload never shows up as one.
Uploads untouched for RECORDING_UPLOAD_EXPIRY_SECONDS are deleted, with their bytes, by the
periodic recovery task (Celery beat) and whenever someone starts a new upload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from focusgroup.errors import DomainError
from sessions.models import Session

from .models import Recording, RecordingUpload, partial_upload_path
from .upload import check_upload, clean_filename

BLOCK = 1 << 20
OPEN_UPLOADS_PER_USER = 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


class UploadError(DomainError):
    """A refused step of a resumable upload: its code, message, field and HTTP status."""

    def __init__(self, code: str, message: str, *, status: int = 400, field: str | None = None):
        super().__init__(code, message, field=field, status=status)


def uploads_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the uploads nobody has added to within the expiry (their partial files go after
    commit), and the finished ones past it. Returns how many went."""
    cutoff = (now or timezone.now()) - dt.timedelta(
        seconds=settings.RECORDING_UPLOAD_EXPIRY_SECONDS
    )
    count = 0
    with transaction.atomic():
        for upload in RecordingUpload.objects.filter(updated_at__lt=cutoff).select_for_update(
            skip_locked=True
        ):
            upload.delete()  # the model's post_delete handler removes the partial file
            count += 1
    return count


@transaction.atomic
def upload_create(
    *,
    session: Session,
    user,
    filename: str,
    size: int,
    sha256: str,
    started_at: dt.datetime | None = None,
) -> RecordingUpload:
    """Open an upload of `size` bytes; nothing is written but an empty partial file."""
    uploads_expire()
    name = clean_filename(filename)
    check_upload(name, size)  # the page's rules: format, not empty, the size limit
    checksum = sha256.strip().lower()
    if not _SHA256.match(checksum):
        raise UploadError(
            "bad_checksum", _("sha256 must be 64 hexadecimal characters."), field="sha256"
        )
    if (
        RecordingUpload.objects.filter(created_by=user, recording__isnull=True).count()
        >= OPEN_UPLOADS_PER_USER
    ):
        raise UploadError(
            "too_many_uploads",
            _("You have %(count)s unfinished uploads: finish or delete one first.")
            % {"count": OPEN_UPLOADS_PER_USER},
            status=429,
        )
    upload = RecordingUpload.objects.create(
        session=session,
        created_by=user,
        original_name=name,
        size=size,
        sha256=checksum,
        started_at=started_at,
    )
    path = partial_upload_path(upload.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    return upload


def parse_content_range(header: str, *, size: int) -> tuple[int, int]:
    """(first, last) byte of a chunk from `Content-Range: bytes first-last/total`."""
    match = _CONTENT_RANGE.match((header or "").strip())
    if not match:
        raise UploadError(
            "bad_content_range",
            _(
                "Send the chunk's place as a Content-Range header: bytes <first>-<last>/<total> "
                "(got “%(header)s”)."
            )
            % {"header": header[:80]}
            if header
            else _("A chunk needs a Content-Range header: bytes <first>-<last>/<total>."),
            field="Content-Range",
        )
    first, last, total = (int(group) for group in match.groups())
    if total != size:
        raise UploadError(
            "size_mismatch",
            _(
                "Content-Range says the file has %(total)s bytes; this upload was declared "
                "with %(size)s."
            )
            % {"total": total, "size": size},
            field="Content-Range",
        )
    if last < first:
        raise UploadError(
            "bad_content_range",
            _("Content-Range: the last byte is before the first."),
            field="Content-Range",
        )
    if last >= size:
        raise UploadError(
            "past_end",
            _(
                "The chunk ends at byte %(last)s, past the declared size of %(size)s bytes "
                "(the last byte is %(final)s)."
            )
            % {"last": last, "size": size, "final": size - 1},
            field="Content-Range",
            status=416,
        )
    return first, last


def chunk_write(*, upload: RecordingUpload, content_range: str, length: int | None, stream) -> int:
    """Append the chunk `stream` carries at the upload's offset; returns the new offset. The
    bytes that arrived before a broken connection are kept (resume from the returned offset)."""
    first, last = parse_content_range(content_range, size=upload.size)
    expected = last - first + 1
    if length is not None and length != expected:
        raise UploadError(
            "length_mismatch",
            _("Content-Range announces %(expected)s bytes but the body has %(length)s.")
            % {"expected": expected, "length": length},
            field="Content-Range",
        )
    with transaction.atomic():
        # One chunk at a time: a second writer is told so, not interleaved.
        locked = _locked(upload, busy=_("Another chunk of this upload is being written."))
        if locked.recording_id is not None:
            raise UploadError("finished", _("This upload is already finished."), status=409)
        if first != locked.received:
            raise UploadError(
                "wrong_offset",
                _(
                    "The chunk starts at byte %(first)s, but the upload is at byte %(at)s: "
                    "send from byte %(at)s."
                )
                % {"first": first, "at": locked.received},
                field="Content-Range",
                status=409,
            )
        received = _append(partial_upload_path(locked.pk), first, expected, stream)
        locked.received = first + received
        locked.save(update_fields=["received", "updated_at"])
    upload.received = locked.received
    if received < expected:
        raise UploadError(
            "chunk_incomplete",
            _(
                "The chunk ended after %(received)s of %(expected)s bytes; the upload is at byte "
                "%(at)s: resume from there."
            )
            % {"received": received, "expected": expected, "at": upload.received},
        )
    return upload.received


def _append(path: Path, offset: int, expected: int, stream) -> int:
    """Write up to `expected` bytes from `stream` at `offset`; stops early when the connection
    breaks. Returns how many bytes were written."""
    written = 0
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.truncate()  # bytes past the offset belong to an earlier broken chunk
        while written < expected:
            try:
                block = stream.read(min(BLOCK, expected - written))
            except OSError:  # the client went away mid-chunk
                break
            if not block:
                break
            handle.write(block[: expected - written])
            written += min(len(block), expected - written)
        handle.flush()
    return written


class _PartialFile(UploadedFile):
    """The finished upload's bytes handed to recording_create, which moves them into storage."""

    def __init__(self, path: Path, name: str, size: int):
        super().__init__(path.open("rb"), name=name, size=size)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _locked(upload: RecordingUpload, *, busy: str) -> RecordingUpload:
    """The upload, locked for this transaction; a second writer is told `busy` (409)."""
    try:
        return RecordingUpload.objects.select_for_update(nowait=True).get(pk=upload.pk)
    except RecordingUpload.DoesNotExist as exc:
        raise UploadError("unknown_upload", _("This upload no longer exists."), status=404) from exc
    except DatabaseError as exc:
        raise UploadError("busy", busy, status=409) from exc


def upload_finish(*, upload: RecordingUpload, user) -> Recording:
    """Check the bytes (all there, the checksum) and make the Recording (refused if it is not
    audio), queued for transcription. A refused upload is deleted. Finishing twice, even at the
    same time (a client retrying while the checksum runs), makes one recording."""
    refusal: DomainError
    with transaction.atomic():
        locked = _locked(upload, busy=_("This upload is being finished; ask again in a moment."))
        if locked.recording_id is not None:
            return locked.recording
        if locked.received != locked.size:
            raise UploadError(
                "incomplete",
                _(
                    "Only %(received)s of %(size)s bytes have arrived: send from byte "
                    "%(received)s before finishing."
                )
                % {"received": locked.received, "size": locked.size},
                status=409,
            )
        try:
            recording = _recording_from(locked, user)
        except DomainError as exc:  # UploadError or UploadRefused: the upload is discarded
            refusal = exc
        else:
            locked.recording = recording
            locked.save(update_fields=["recording", "updated_at"])
            return recording
    upload.delete()  # after the lock is released; its bytes go with it
    raise refusal


def _recording_from(upload: RecordingUpload, user) -> Recording:
    from .services import recording_create

    path = partial_upload_path(upload.pk)
    if not path.is_file() or path.stat().st_size != upload.size:
        raise UploadError("lost", _("The upload's bytes are missing on the server: start again."))
    actual = _checksum(path)
    if actual != upload.sha256:
        raise UploadError(
            "checksum_mismatch",
            _(
                "The file's SHA-256 is %(actual)s, not the declared %(declared)s: some bytes were "
                "damaged on the way. The upload is discarded; start again."
            )
            % {"actual": actual, "declared": upload.sha256},
            field="sha256",
        )
    return recording_create(
        session=upload.session,
        uploaded_file=_PartialFile(path, upload.original_name, upload.size),
        uploaded_by=user,
        started_at=upload.started_at,
    )


def upload_abort(*, upload: RecordingUpload) -> None:
    """Drop an unfinished upload and its bytes (a finished one only forgets its record)."""
    upload.delete()

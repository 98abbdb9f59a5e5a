"""Streaming upload of recordings and the checks of an uploaded file.

A handler writes the upload to a temporary file and stops at the size limit; the checks cover the
file's name, size and content (decoded by PyAV, not trusted by name)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from focusgroup.errors import DomainError

ALLOWED_SUFFIXES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".oga": "audio/ogg",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
    ".webm": "audio/webm",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
}


class UploadRefused(DomainError):
    """A recording that cannot be accepted; the message says what is wrong."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "upload_refused",
        field: str = "file",
        status: int | None = None,
    ) -> None:
        super().__init__(code, message, field=field, status=status)


def max_bytes() -> int:
    return settings.RECORDING_MAX_BYTES


def too_large_message(limit: int | None = None) -> str:
    return _("The file is larger than the limit of %(limit)s.") % {
        "limit": filesizeformat(limit or max_bytes())
    }


class LimitedTemporaryUploadHandler(TemporaryFileUploadHandler):
    """Writes each chunk to a temporary file and gives up (deleting it) past the size limit."""

    def __init__(self, request=None, *, limit: int | None = None):
        super().__init__(request)
        self.limit = limit or max_bytes()
        self.received = 0
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Refuse early when the announced body is already over the limit (plus form overhead).
        if content_length and content_length > self.limit + 64 * 1024:
            self.too_large = True
        return None

    def new_file(self, *args, **kwargs):
        if self.too_large:
            raise SkipFile()
        self.received = 0
        return super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile()  # the parser closes (and so deletes) the temporary file
        return super().receive_data_chunk(raw_data, start)


def clean_filename(name: str) -> str:
    """A display name without directories, control characters or odd Unicode; never empty."""
    name = unicodedata.normalize("NFKC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name  # drop "../", "C:\\", "/etc/"
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[<>:\"/\\|?*]", "_", name).strip(" .")
    if len(name) > 200:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:190] + dot + suffix[:8]) if dot else name[:200]
    return name or "recording"


def check_suffix(name: str) -> str:
    """The lower-case suffix if it is one of the formats meeting tools produce."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        kinds = ", ".join(s.lstrip(".") for s in ALLOWED_SUFFIXES)
        raise UploadRefused(
            _("“%(name)s” is not a supported recording format. Upload one of: %(kinds)s.")
            % {"name": name, "kinds": kinds},
            code="unsupported_format",
            field="filename",
        )
    return suffix


def check_upload(name: str, size: int) -> str:
    """The suffix of a recording called `name` (cleaned) of `size` bytes, if it may be taken: a
    supported format, not empty, within the size limit. Its content is checked by decoding it."""
    suffix = check_suffix(name)
    if size <= 0:
        raise UploadRefused(
            _("“%(name)s” is empty.") % {"name": name}, code="empty_file", field="size"
        )
    if size > max_bytes():
        raise UploadRefused(too_large_message(), code="too_large", field="size", status=413)
    return suffix

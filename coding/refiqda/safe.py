"""Reading untrusted REFI-QDA files: size limits, zip checks, no DTDs, no entities, schema checks.

Every refusal is a CodingError saying what is wrong; nothing here writes anything.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import defusedxml.ElementTree as defused_et
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from lxml import etree

from ..errors import CodingError

SCHEMAS = Path(__file__).parent / "schemas"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_XML_BYTES = 50 * 1024 * 1024  # a project.qde once unzipped (zip bombs stop here)
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"


@cache
def schema(name: str) -> etree.XMLSchema:
    """The named schema (Codebook.xsd or Project-mrt2019.xsd), parsed once."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _noun(what: str) -> str:
    """The document a message names ("file", ".qdpx file", "project", "codebook"), translated."""
    nouns = {
        "file": _("file"),
        ".qdpx file": _(".qdpx file"),
        "project": _("project"),
        "codebook": _("codebook"),
    }
    return nouns.get(what, what)


def check_size(size: int, what: str) -> None:
    if size > MAX_FILE_BYTES:
        raise CodingError(
            _("The %(what)s is %(size)s MB; the limit is %(max)s MB.")
            % {
                "what": _noun(what),
                "size": f"{size / 1024 / 1024:.0f}",
                "max": MAX_FILE_BYTES // 1024 // 1024,
            },
            where="file",
        )


def parse_xml(data: bytes, *, schema_name: str, what: str) -> etree._Element:
    """The root of an XML document that is well-formed, has no DTD or entities, and is valid
    against the schema."""
    try:
        defused_et.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise CodingError(
            _(
                "The %(what)s declares a DTD or entities, which are refused (XML bombs, external "
                "entities)."
            )
            % {"what": _noun(what)},
            where="file",
        ) from None
    except defused_et.ParseError as exc:
        raise _not_well_formed(what, exc) from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(what, exc) from None
    xsd = schema(schema_name)
    if not xsd.validate(root):
        error = xsd.error_log.last_error
        raise CodingError(
            _("The %(what)s is not valid QDA-XML (line %(line)s): %(why)s")
            % {"what": _noun(what), "line": error.line, "why": error.message},
            where="file",
        )
    return root


def _not_well_formed(what: str, exc: Exception) -> CodingError:
    return CodingError(
        _("The %(what)s is not well-formed XML: %(why)s.") % {"what": _noun(what), "why": exc},
        where="file",
    )


def read_project_qde(data: bytes) -> bytes:
    """project.qde out of a .qdpx (a zip), refusing what is not a zip or is a zip bomb."""
    check_size(len(data), ".qdpx file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CodingError(
            _("A .qdpx file is a zip archive; this one is not."), where="file"
        ) from None
    with archive:
        names = [i for i in archive.infolist() if i.filename.lower() == "project.qde"]
        if not names:
            raise CodingError(_("The .qdpx file holds no project.qde."), where="file")
        info = names[0]
        if info.file_size > MAX_XML_BYTES:
            raise CodingError(
                _("project.qde unpacks to %(size)s MB; the limit is %(max)s MB.")
                % {
                    "size": f"{info.file_size / 1024 / 1024:.0f}",
                    "max": MAX_XML_BYTES // 1024 // 1024,
                },
                where="file",
            )
        with archive.open(info) as handle:
            content = handle.read(MAX_XML_BYTES + 1)
        if len(content) > MAX_XML_BYTES:
            raise CodingError(_("project.qde is too large once unpacked."), where="file")
        return content

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


def check_size(size: int, what: str) -> None:
    if size > MAX_FILE_BYTES:
        raise CodingError(
            f"The {what} is {size / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB.",
            where="file",
        )


def parse_xml(data: bytes, *, schema_name: str, what: str) -> etree._Element:
    """The root of an XML document that is well-formed, has no DTD or entities, and is valid
    against the schema."""
    try:
        defused_et.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise CodingError(
            f"The {what} declares a DTD or entities, which are refused (XML bombs, external "
            "entities).",
            where="file",
        ) from None
    except defused_et.ParseError as exc:
        raise CodingError(f"The {what} is not well-formed XML: {exc}.", where="file") from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CodingError(f"The {what} is not well-formed XML: {exc}.", where="file") from None
    xsd = schema(schema_name)
    if not xsd.validate(root):
        error = xsd.error_log.last_error
        raise CodingError(
            f"The {what} is not valid QDA-XML (line {error.line}): {error.message}", where="file"
        )
    return root


def read_project_qde(data: bytes) -> bytes:
    """project.qde out of a .qdpx (a zip), refusing what is not a zip or is a zip bomb."""
    check_size(len(data), ".qdpx file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CodingError("A .qdpx file is a zip archive; this one is not.", where="file") from None
    with archive:
        names = [i for i in archive.infolist() if i.filename.lower() == "project.qde"]
        if not names:
            raise CodingError("The .qdpx file holds no project.qde.", where="file")
        info = names[0]
        if info.file_size > MAX_XML_BYTES:
            raise CodingError(
                f"project.qde unpacks to {info.file_size / 1024 / 1024:.0f} MB; the limit is "
                f"{MAX_XML_BYTES // 1024 // 1024} MB.",
                where="file",
            )
        with archive.open(info) as handle:
            content = handle.read(MAX_XML_BYTES + 1)
        if len(content) > MAX_XML_BYTES:
            raise CodingError("project.qde is too large once unpacked.", where="file")
        return content

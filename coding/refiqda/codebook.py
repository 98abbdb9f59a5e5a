"""REFI-QDA codebooks (.qdc): export and import of a study's codes.

Export writes a study's codes as .qdc; import reads the codes of a .qdc or of the codebook
inside a .qdpx as plain data for codebook_create (keys derived from names)."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _
from lxml import etree

from statements.models import Study

from ..errors import CodingError
from ..models import Code
from .safe import CODEBOOK_NS, PROJECT_NS, check_size, parse_xml, read_project_qde, schema

GUID_NAMESPACE = uuid.UUID("5b0d3f8e-2f6c-4b7e-9d43-6d1c2a7f0c11")
# Objects with an integer id get a GUID made of a fixed prefix, their kind and their id: stable
# across exports, unique, and cheap for 100,000 selections.
GUID_KINDS = {"code": 1, "coding": 2, "selection": 3, "memo": 4, "case": 5, "recording": 6,
              "segment": 7, "variable": 8}  # fmt: skip


def guid(kind: str, number: int) -> str:
    """The stable GUID of one of our objects with an integer id."""
    return f"5B0D3F8E-2F6C-4{GUID_KINDS[kind]:03X}-8000-{number:012X}"


def name_guid(*parts: object) -> str:
    """A stable GUID for something named (a coder label, a profile field key)."""
    return str(uuid.uuid5(GUID_NAMESPACE, ":".join(map(str, parts)))).upper()


def code_guid(code_id: int) -> str:
    return guid("code", code_id)


def append_codes(parent: etree._Element, ns: str, study: Study, note_refs=None) -> bool:
    """Append <Code> elements of the study's tree to `parent` (a <Codes>); False if none.
    `note_refs` maps a code id to the GUIDs of memos about it (projects only)."""
    codes = list(Code.objects.filter(study=study).order_by("position", "id"))
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)

    def add(into, code: Code) -> None:
        attrs = {"guid": code_guid(code.pk), "name": code.name, "isCodable": "true"}
        if code.color:
            attrs["color"] = code.color
        element = etree.SubElement(into, f"{{{ns}}}Code", attrs)
        if code.description:
            etree.SubElement(element, f"{{{ns}}}Description").text = code.description
        for target in (note_refs or {}).get(code.pk, []):
            etree.SubElement(element, f"{{{ns}}}NoteRef", targetGUID=target)
        for child in children.get(code.pk, []):
            add(element, child)

    for code in children.get(None, []):
        add(parent, code)
    return bool(codes)


def export_qdc(study: Study) -> bytes:
    """The study's codebook as a .qdc document, valid against Codebook.xsd."""
    root = etree.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin="focusgroup"
    )
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    if not append_codes(codes, CODEBOOK_NS, study):
        raise CodingError(_("The study has no codes to export."), where="codebook")
    if not schema("Codebook.xsd").validate(root):
        raise CodingError(
            _("Export not valid: %(why)s") % {"why": schema("Codebook.xsd").error_log.last_error}
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _codes_plain(codes_element: etree._Element, ns: str) -> list[dict]:
    def plain(element) -> dict:
        item: dict = {"name": (element.get("name") or "").strip()[:200] or "Code"}
        color = element.get("color")
        if color:
            item["color"] = color
        description = element.find(f"{{{ns}}}Description")
        if description is not None and description.text:
            item["description"] = description.text
        kids = [plain(c) for c in element.findall(f"{{{ns}}}Code")]
        if kids:
            item["children"] = kids
        return item

    return [plain(c) for c in codes_element.findall(f"{{{ns}}}Code")]


def read_codebook(data: bytes, filename: str = "") -> list[dict]:
    """The codes of a .qdc or of a .qdpx's codebook, as plain data for codebook_create.
    Decided by content: a zip is a project, anything else must be a codebook document."""
    check_size(len(data), "file")
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".qdpx"):
        root = parse_xml(read_project_qde(data), schema_name="Project-mrt2019.xsd", what="project")
        codes = root.find(f"{{{PROJECT_NS}}}CodeBook/{{{PROJECT_NS}}}Codes")
        if codes is None:
            raise CodingError(_("The project has no codebook."), where="file")
        return _codes_plain(codes, PROJECT_NS)
    root = parse_xml(data, schema_name="Codebook.xsd", what="codebook")
    return _codes_plain(root.find(f"{{{CODEBOOK_NS}}}Codes"), CODEBOOK_NS)

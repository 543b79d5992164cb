"""YAML front matter of Markdown files, read into document metadata.

Two vocabularies are understood: Lovdata's (`tittel`, `korttittel`, `refid`, `sist-endret`,
`ikrafttredelse`) and the sample corpus's (`title`, `type`, `date`, `url`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ingest.documents import DocumentMetadata, metadata_value

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOVDATA_COLLECTIONS = {"lov": "NL", "forskrift": "SF"}


class FrontMatterError(ValueError):
    """The front matter block exists but is not a YAML mapping."""


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases (`*name`).

    Metadata never needs them, and a few hundred bytes of nested aliases (the "billion laughs") expand into
    gigabytes once a value is turned into text.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise FrontMatterError("front matter uses a YAML alias (*name), which is not allowed")
        return super().compose_node(parent, index)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The parsed front matter (empty when there is none) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.load(match.group(1), Loader=_NoAliasLoader) or {}
    except yaml.YAMLError as error:
        raise FrontMatterError(f"front matter is not valid YAML ({error.__class__.__name__})") from error
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a list of key: value pairs")
    return data, text[match.end() :]


def metadata_from_front_matter(data: dict[str, Any]) -> DocumentMetadata:
    """Map either vocabulary onto DocumentMetadata; Lovdata refids also give type, date and URL."""
    refid = metadata_value(data.get("refid"))
    collection = refid.split("/", 1)[0] if refid else None
    return DocumentMetadata(
        title=metadata_value(data.get("tittel")) or metadata_value(data.get("title")),
        short_title=metadata_value(data.get("korttittel")),
        refid=refid,
        last_amended=metadata_value(data.get("sist-endret")),
        in_force_from=_first_iso_date(data.get("ikrafttredelse")),
        doc_type=collection if collection in _LOVDATA_COLLECTIONS else metadata_value(data.get("type")),
        date=_first_iso_date(refid) if collection in _LOVDATA_COLLECTIONS else metadata_value(data.get("date")),
        url=metadata_value(data.get("url")) or lovdata_url(refid),
    )


def lovdata_url(refid: str | None) -> str | None:
    """https://lovdata.no/dokument/NL/lov/... for laws, .../SF/forskrift/... for regulations."""
    collection = refid.split("/", 1)[0] if refid else None
    if collection not in _LOVDATA_COLLECTIONS:
        return None
    return f"https://lovdata.no/dokument/{_LOVDATA_COLLECTIONS[collection]}/{refid}"


def _first_iso_date(value: Any) -> str | None:
    match = _ISO_DATE.search(metadata_value(value) or "")
    return match.group(0) if match else None

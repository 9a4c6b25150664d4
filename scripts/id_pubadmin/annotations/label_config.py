"""The Label Studio labelling config, generated from :mod:`id_pubadmin.labels`.

The committed ``annotations/label_config.xml`` is this module's output, so the annotation tool
offers exactly the labels the corpus schema accepts. The control names below are also the
``from_name`` values the export reader expects, which is why they live here and nowhere else.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..core import labels

TEXT = "text"  # the Text object tag, and the task data key holding the document text
DOCUMENT_ID = "document_id"  # task data key holding the document id
ENTITY = "entity"  # Labels control for entity mentions
QUOTE = "quote"  # Labels control for QUOTE and CUE regions
QUOTE_TYPE = "quote_type"  # per-region Choices of a QUOTE region
ENTITY_ID = "entity_id"  # per-region TextArea of an entity region
ENTITY_LINK = "entity_link"  # optional per-region TextArea of an entity region: its links, space-separated
SPEAKER_ENTITY_ID = "speaker_entity_id"  # per-region TextArea of a QUOTE region

QUOTE_SPAN_LABELS: tuple[str, ...] = (labels.QUOTE_LABEL, labels.CUE_LABEL)
RELATION_LABELS: tuple[str, ...] = (labels.SPEAKER_RELATION, labels.CUE_RELATION)

# Distinct colours, assigned by label position so the config stays deterministic.
_PALETTE: tuple[str, ...] = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#9a6324",
    "#469990",
    "#808000",
    "#000075",
    "#a9a9a9",
)


def _labels_control(
    parent: ET.Element, name: str, values: tuple[str, ...], offset: int, hints: dict[str, str]
) -> None:
    control = ET.SubElement(parent, "Labels", name=name, toName=TEXT)
    for index, value in enumerate(values):
        label = ET.SubElement(
            control, "Label", value=value, background=_PALETTE[(offset + index) % len(_PALETTE)]
        )
        if value in hints:
            label.set("hint", hints[value])


def _per_region(
    parent: ET.Element, tag: str, name: str, header: str, visibility: dict[str, str], required: str = "true",
    **attrs: str
) -> ET.Element:
    # The View hides the header with the control; on the control itself the same attributes make
    # ``required`` apply only to the regions the control is shown for.
    view = ET.SubElement(parent, "View", **visibility)
    ET.SubElement(view, "Header", value=header)
    return ET.SubElement(
        view, tag, name=name, toName=TEXT, perRegion="true", required=required, **visibility, **attrs
    )


def label_config_xml() -> str:
    """The labelling config as pretty XML text ending with a newline."""
    root = ET.Element("View")
    # Newlines and runs of spaces count in region offsets; show them as they are.
    ET.SubElement(root, "Style").text = ".htx-text { white-space: pre-wrap; }"
    ET.SubElement(root, "Header", value="Entities")
    _labels_control(root, ENTITY, labels.ENTITY_LABELS, 0, labels.ENTITY_LABEL_MEANINGS)
    ET.SubElement(root, "Header", value="Quotes")
    _labels_control(root, QUOTE, QUOTE_SPAN_LABELS, len(labels.ENTITY_LABELS), {})
    relations = ET.SubElement(root, "Relations")
    for value in RELATION_LABELS:
        ET.SubElement(relations, "Relation", value=value)
    ET.SubElement(root, "Text", name=TEXT, value=f"${TEXT}")

    entity_region = {"visibleWhen": "region-selected", "whenTagName": ENTITY}
    quote_region = {**entity_region, "whenTagName": QUOTE, "whenLabelValue": labels.QUOTE_LABEL}
    text_area = {"editable": "true", "maxSubmissions": "1"}
    _per_region(
        root,
        "TextArea",
        ENTITY_ID,
        "Entity id",
        entity_region,
        **text_area,
        placeholder="canonical entity id, e.g. ipuk-fiestiandani",
    )
    _per_region(
        root,
        "TextArea",
        ENTITY_LINK,
        "Links (optional)",
        entity_region,
        required="false",
        **text_area,
        placeholder="e.g. kemendagri:35.10 agency:lan wikidata:Q252 (space-separated)",
    )
    choices = _per_region(root, "Choices", QUOTE_TYPE, "Quote type", quote_region, choice="single")
    for value in labels.QUOTE_TYPES:
        ET.SubElement(choices, "Choice", value=value)
    _per_region(
        root,
        "TextArea",
        SPEAKER_ENTITY_ID,
        "Speaker entity id",
        quote_region,
        **text_area,
        placeholder="entity id of the speaker",
    )

    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode") + "\n"


if __name__ == "__main__":  # python -m id_pubadmin.annotations.label_config: rewrite the committed config after a label change
    from pathlib import Path

    from ..core.atomic import write_text

    write_text(Path("annotations") / "label_config.xml", label_config_xml())

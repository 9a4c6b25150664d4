"""The committed Label Studio config is the one generated from the label set."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from id_pubadmin.annotations import label_config
from id_pubadmin.annotations.label_config import label_config_xml
from id_pubadmin.core import labels
from label_studio_sdk.label_interface import LabelInterface

COMMITTED = Path(__file__).parent.parent / "annotations" / "label_config.xml"


def test_committed_config_is_generated() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == label_config_xml(), \
        "annotations/label_config.xml is stale: run `python -m id_pubadmin.annotations.label_config` from the project folder"


def test_every_label_appears_once_with_its_own_colour_and_the_file_ends_with_newline() -> None:
    xml = label_config_xml()
    assert xml.endswith("</View>\n")
    entity_labels = [label for label in ET.fromstring(xml).iter("Label") if label.get("value") in labels.ENTITY_LABELS]
    assert [label.get("value") for label in entity_labels] == list(labels.ENTITY_LABELS)
    colours = [label.get("background") for label in entity_labels]
    assert all(colours) and len(set(colours)) == len(colours)


def test_controls_match_the_label_set() -> None:
    interface = LabelInterface(label_config_xml())
    controls = {control.name: control for control in interface.controls}
    assert {name: control.tag for name, control in controls.items()} == {
        label_config.ENTITY: "Labels",
        label_config.QUOTE: "Labels",
        label_config.QUOTE_TYPE: "Choices",
        label_config.ENTITY_ID: "TextArea",
        label_config.ENTITY_LINK: "TextArea",
        label_config.SPEAKER_ENTITY_ID: "TextArea",
    }
    assert all(control.to_name == [label_config.TEXT] for control in controls.values())
    assert controls[label_config.ENTITY].labels == list(labels.ENTITY_LABELS)
    assert controls[label_config.QUOTE].labels == [labels.QUOTE_LABEL, labels.CUE_LABEL]
    assert controls[label_config.QUOTE_TYPE].labels == list(labels.QUOTE_TYPES)
    per_region = {label_config.QUOTE_TYPE, label_config.ENTITY_ID, label_config.ENTITY_LINK,
                  label_config.SPEAKER_ENTITY_ID}
    assert {
        name for name, control in controls.items() if control.attr.get("perRegion") == "true"
    } == per_region
    assert controls[label_config.QUOTE_TYPE].attr["whenLabelValue"] == labels.QUOTE_LABEL
    assert controls[label_config.SPEAKER_ENTITY_ID].attr["whenLabelValue"] == labels.QUOTE_LABEL
    assert controls[label_config.ENTITY_LINK].attr["required"] == "false"  # links are optional


def test_text_object_reads_the_task_text() -> None:
    interface = LabelInterface(label_config_xml())
    (text,) = interface.objects
    assert (text.name, text.tag, text.value) == (label_config.TEXT, "Text", f"${label_config.TEXT}")


def test_relations_match_the_label_set() -> None:
    # <Relations> has no name, so the interface lists it in the parsed tree, not among controls.
    *_, tree = LabelInterface(label_config_xml()).parse(label_config_xml())
    (relations,) = tree.iter("Relations")
    assert [relation.get("value") for relation in relations] == [labels.SPEAKER_RELATION, labels.CUE_RELATION]

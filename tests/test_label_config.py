"""The committed Label Studio config is the one generated from the label set."""

from __future__ import annotations

from pathlib import Path

from label_studio_sdk.label_interface import LabelInterface

from id_pubadmin import labels, studio_config
from id_pubadmin.studio_config import label_config_xml

COMMITTED = Path(__file__).parent.parent / "annotations" / "label_config.xml"


def test_committed_config_is_generated() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == label_config_xml(), \
        "annotations/label_config.xml is stale: run `python -m id_pubadmin.studio_config` from the project folder"


def test_generation_is_stable_and_ends_with_newline() -> None:
    assert label_config_xml() == label_config_xml()
    assert label_config_xml().endswith("</View>\n")


def test_controls_match_the_label_set() -> None:
    interface = LabelInterface(label_config_xml())
    controls = {control.name: control for control in interface.controls}
    assert {name: control.tag for name, control in controls.items()} == {
        studio_config.ENTITY: "Labels",
        studio_config.QUOTE: "Labels",
        studio_config.QUOTE_TYPE: "Choices",
        studio_config.ENTITY_ID: "TextArea",
        studio_config.SPEAKER_ENTITY_ID: "TextArea",
    }
    assert all(control.to_name == [studio_config.TEXT] for control in controls.values())
    assert controls[studio_config.ENTITY].labels == list(labels.ENTITY_LABELS)
    assert controls[studio_config.QUOTE].labels == [labels.QUOTE_LABEL, labels.CUE_LABEL]
    assert controls[studio_config.QUOTE_TYPE].labels == list(labels.QUOTE_TYPES)
    per_region = {studio_config.QUOTE_TYPE, studio_config.ENTITY_ID, studio_config.SPEAKER_ENTITY_ID}
    assert {
        name for name, control in controls.items() if control.attr.get("perRegion") == "true"
    } == per_region
    assert controls[studio_config.QUOTE_TYPE].attr["whenLabelValue"] == labels.QUOTE_LABEL
    assert controls[studio_config.SPEAKER_ENTITY_ID].attr["whenLabelValue"] == labels.QUOTE_LABEL


def test_text_object_reads_the_task_text() -> None:
    interface = LabelInterface(label_config_xml())
    (text,) = interface.objects
    assert (text.name, text.tag, text.value) == (studio_config.TEXT, "Text", f"${studio_config.TEXT}")


def test_relations_match_the_label_set() -> None:
    # <Relations> has no name, so the interface lists it in the parsed tree, not among controls.
    *_, tree = LabelInterface(label_config_xml()).parse(label_config_xml())
    (relations,) = tree.iter("Relations")
    assert [relation.get("value") for relation in relations] == [labels.SPEAKER_RELATION, labels.CUE_RELATION]

"""What push does to a task already in the project: link it, keep new work, never delete it."""

from __future__ import annotations

import copy

import pytest
from id_pubadmin.annotations.export import tasks_from_records
from id_pubadmin.annotations.studio.accounts import pseudonym_email
from id_pubadmin.annotations.studio.links import MARKER, push_marker
from id_pubadmin.annotations.studio.task_plan import plan_task, work_lines
from id_pubadmin.core.errors import StudioError
from test_lsexport import DOCUMENTS, ENTITIES, QUOTES, as_export

KEY = "1@2026-01-01T09:00:00+00:00"  # the project on the rebuilt server
OLD_LINK = {"project": "1@2024-05-01T09:00:00+00:00", "task": 1, "created_at": "2024-05-01T09:30:00.000000Z"}


def wanted_and_raw() -> tuple[dict, dict]:
    """The first document's task as push sends it (committed annotation 1, pulled from an old
    server) and as a rebuilt server holds it after a hand import without annotations."""
    raw = as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES))[0]
    committed = {"id": 1, "result": copy.deepcopy(raw["annotations"][0]["result"])}
    wanted = {"data": {**raw["data"], MARKER: push_marker(KEY, {"studio": OLD_LINK})}, "annotations": [committed]}
    return wanted, {**raw, "annotations": []}


def test_an_unlinked_task_gets_the_committed_annotations_next_to_new_work() -> None:
    wanted, raw = wanted_and_raw()
    new = {"id": 1, "completed_by": 3, "result": wanted["annotations"][0]["result"][:1]}  # the reused id 1
    raw["annotations"] = [new]
    plan = plan_task(raw, wanted, KEY)
    assert (plan.how, plan.new_work, plan.to_link, plan.to_create) == (None, [new], {}, wanted["annotations"])
    assert work_lines(raw, plan.new_work, {3: "annotator-02@id-pubadmin-news.invalid"}) == [
        f"document {raw['data']['document_id']}: annotation 1 by annotator-02@id-pubadmin-news.invalid (task {raw['id']})"]


def test_an_unlinked_task_equal_to_the_export_is_linked_not_left_unchanged() -> None:
    wanted, raw = wanted_and_raw()
    raw["annotations"] = [{"id": 7, "completed_by": 1, "result": list(reversed(wanted["annotations"][0]["result"]))}]
    plan = plan_task(raw, wanted, KEY)
    assert (plan.how, plan.new_work, plan.to_link, plan.to_create) == (None, [], {7: 1}, [])


def test_a_linked_task_names_only_annotations_linked_to_no_committed_one() -> None:
    wanted, raw = wanted_and_raw()
    raw["data"][MARKER] = wanted["data"][MARKER]  # push filled this task
    edited = {"id": 7, "import_id": 1, "result": []}
    new = {"id": 8, "import_id": None, "result": []}
    raw["annotations"] = [edited, new]
    plan = plan_task(raw, wanted, KEY)
    assert (plan.how, plan.new_work) == ("pushed", [new])


@pytest.mark.parametrize("name", ["annotator-03", "lead-01@id-pubadmin-news.invalid"])
def test_accounts_are_named_by_pseudonym(name: str) -> None:
    assert pseudonym_email(name) == f"{name.split('@')[0]}@id-pubadmin-news.invalid"


@pytest.mark.parametrize("name", ["rina", "rina@example.org", "annotator-03@example.org", "annotator-3"])
def test_a_name_that_is_no_pseudonym_is_refused(name: str) -> None:
    with pytest.raises(StudioError, match="is not a pseudonym.*studio user add annotator-03"):
        pseudonym_email(name)

"""The corpus-level entity registry, ``annotations/entities.jsonl``: one JSON object a line per entity id.

An entry is ``{"id", "type", "name", "aliases", "links"}``: the id the exports give every mention of
the entity, in every document; its entity label; a canonical name and other names; links such as
``kemendagri:35.10`` (a Kemendagri region code of the shipped table; for an ORG, the region whose
body it is), ``agency:lan`` (the shipped agency list) or ``wikidata:Q252``. The registry is optional;
once a project has one, every entity id its exports use must be in it, with the same type. The build
gives each entity row the links of its id: the registry's, and any an annotator gave one of its
mentions in Label Studio's optional Links field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import CROSS_REFERENCES, FORMAT, CorpusError, Problem, define_error
from ..core.labels import ENTITY_LABELS
from ..predictor.linking import Registry, link_problem
from .rules import ENTITY_ID_PATTERN

REGISTRY_NAME = "entities.jsonl"
MAX_BYTES = 64 * 1024 * 1024

REGISTRY_MALFORMED = define_error(
    "registry-malformed", FORMAT,
    "a line of annotations/entities.jsonl is not UTF-8 JSON of an entry {id, type, name, aliases, links}, or an id "
    "is listed twice",
    "write one object a line: id a slug, type an entity label, name a string, aliases and links lists of strings")
REGISTRY_LINK_MALFORMED = define_error(
    "registry-link-malformed", FORMAT,
    "a registry link is not kemendagri:<code of the region table>, agency:<id of the agency list> or "
    "wikidata:Q<number>",
    "correct the link (codes as in the package's predictor/data/regions.tsv.gz, agency ids as in "
    "predictor/data/agencies.tsv), or remove it")
REGISTRY_TYPE_CONFLICT = define_error(
    "registry-type-conflict", CROSS_REFERENCES,
    "one entity id has two types: listed twice in the registry with two types, or its mentions in an export carry "
    "another label than its registry type",
    "give the id one type: correct the registry entry or relabel the mentions, or give one of them another id")
REGISTRY_ID_MISSING = define_error(
    "registry-id-missing", CROSS_REFERENCES,
    "an entity id used in an export is missing from annotations/entities.jsonl",
    "add an entry for the id to the registry (or correct the id in Label Studio and pull again)")


def registry_path(annotations: Path) -> Path:
    return annotations / REGISTRY_NAME


def _entry_problems(entry: Any, where: str, file: str) -> list[Problem]:
    if not isinstance(entry, dict) or set(entry) - {"id", "type", "name", "aliases", "links"}:
        return [REGISTRY_MALFORMED.at(file, where, "not an object of the keys id, type, name, aliases, links")]
    if not isinstance(entry.get("id"), str) or not ENTITY_ID_PATTERN.fullmatch(entry["id"]):
        return [REGISTRY_MALFORMED.at(file, where, f"id {entry.get('id')!r} is not a slug")]
    if entry.get("type") not in ENTITY_LABELS:
        return [REGISTRY_MALFORMED.at(file, where, f"type {entry.get('type')!r} is no entity label")]
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        return [REGISTRY_MALFORMED.at(file, where, "name is not a non-empty string")]
    for key in ("aliases", "links"):
        if not isinstance(entry.get(key, []), list) or not all(isinstance(v, str) for v in entry.get(key, [])):
            return [REGISTRY_MALFORMED.at(file, where, f"{key} is not a list of strings")]
    return [REGISTRY_LINK_MALFORMED.at(file, where, f"link {link!r}: {why}")
            for link in entry.get("links", []) for why in [link_problem(link)] if why]


def read_registry(path: Path) -> list[dict]:
    """The entries of the registry at ``path``, checked; CorpusError naming each bad line."""
    file = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValueError(f"larger than the limit of {MAX_BYTES:,} bytes")
        lines = data.decode("utf-8").splitlines()
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise CorpusError([REGISTRY_MALFORMED.at(file, "", f"cannot be read: {reason}")]) from None
    entries, problems, types = [], [], {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            entry = json.loads(line)
        except ValueError as exc:
            problems.append(REGISTRY_MALFORMED.at(file, where, f"not JSON: {exc}"))
            continue
        found = _entry_problems(entry, where, file)
        if not found and entry["id"] in types:
            kind = REGISTRY_TYPE_CONFLICT if types[entry["id"]] != entry["type"] else REGISTRY_MALFORMED
            found = [kind.at(file, where, f"id {entry['id']!r} is listed already, as {types[entry['id']]}")]
        problems += found
        if not found:
            types[entry["id"]] = entry["type"]
            entries.append({"id": entry["id"], "type": entry["type"], "name": entry["name"],
                            "aliases": list(entry.get("aliases", [])), "links": list(entry.get("links", []))})
    if problems:
        raise CorpusError(sorted(problems, key=lambda p: p.level))
    return entries


def usage_problems(entries: list[dict], records: Iterable[dict], file: str) -> list[Problem]:
    """Entity ids of export records (``entity_id``, ``label``, ``mention_id``) missing from the registry, or
    of another type there; one problem per id."""
    types = {entry["id"]: entry["type"] for entry in entries}
    problems, seen = [], set()
    for record in records:
        entity_id = record["entity_id"]
        if entity_id in seen:
            continue
        where = f"document {record['document_id']}, region {record['mention_id']}"
        if entity_id not in types:
            seen.add(entity_id)
            problems.append(REGISTRY_ID_MISSING.at(file, where, f"entity id {entity_id!r} is not in the registry"))
        elif types[entity_id] != record["label"]:
            seen.add(entity_id)
            problems.append(REGISTRY_TYPE_CONFLICT.at(
                file, where, f"entity id {entity_id!r} is a {record['label']} here, a {types[entity_id]} in the registry"))
    return problems


def linked_records(annotations: Path, records: list[dict]) -> list[dict]:
    """Entity ``records`` with the links of their entity id: its registry entry's, then those annotators gave any
    of its mentions in Label Studio, in every document alike. Every record is checked against the registry
    when the project has one (CorpusError otherwise)."""
    given: dict[str, set[str]] = {}
    for record in records:
        given.setdefault(record["entity_id"], set()).update(record.get("links", []))
    path = registry_path(annotations)
    entries = read_registry(path) if path.exists() or path.is_symlink() else []
    if entries or path.exists():
        problems = usage_problems(entries, records, str(path))
        if problems:
            raise CorpusError(problems)
    listed = {entry["id"]: entry["links"] for entry in entries}
    links = {entity_id: [*listed.get(entity_id, []), *sorted(found - set(listed.get(entity_id, [])))]
             for entity_id, found in given.items()}
    return [{**record, "links": links[record["entity_id"]]} for record in records]


def load_registry(annotations: Path) -> Registry:
    """The registry as linking reads it; empty when the project has none."""
    path = registry_path(annotations)
    return Registry.of(read_registry(path)) if path.exists() else Registry()

"""JSON Schemas (draft 2020-12) for every config's records, generated from :mod:`fields`.

Records are validated in their readable form: class labels as names, not integers.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from ..core.fields import CONFIGS, Config, Field

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID_BASE = "https://id-pubadmin-news/schemas/"


def schema_of_field(field: Field) -> dict[str, Any]:
    """The JSON Schema of one field's values."""
    if field.kind == "string":
        schema: dict[str, Any] = {"type": "string"}
    elif field.kind == "int32":
        schema = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
    elif field.kind == "class_label":
        schema = {"type": "string", "enum": list(field.names)}
    elif field.kind == "list":
        assert field.item is not None
        schema = {"type": "array", "items": schema_of_field(field.item)}
    elif field.kind == "struct":
        schema = {
            "type": "object",
            "properties": {m.name: schema_of_field(m) for m in field.members},
            "required": [m.name for m in field.members],
            "additionalProperties": False,
        }
    else:
        raise ValueError(f"field {field.name!r} has unknown kind {field.kind!r}")
    schema["description"] = field.description
    if field.nullable:
        return {"anyOf": [schema, {"type": "null"}], "description": field.description}
    return schema


def schema_of(config: Config) -> dict[str, Any]:
    """The JSON Schema of one row of ``config``."""
    return {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_ID_BASE}{config.name}.schema.json",
        "title": f"{config.name} record",
        "description": f"One row of the {config.name} config: {config.row}.",
        "type": "object",
        "properties": {f.name: schema_of_field(f) for f in config.fields},
        "required": [f.name for f in config.fields],
        "additionalProperties": False,
    }


def schema_files() -> dict[str, str]:
    """File name -> serialised schema, for every config."""
    return {
        f"{config.name}.schema.json": json.dumps(schema_of(config), indent=2, ensure_ascii=False) + "\n"
        for config in CONFIGS
    }


def validator_for(config: Config) -> jsonschema.Draft202012Validator:
    """A validator of ``config`` rows; checks the schema itself first."""
    schema = schema_of(config)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)

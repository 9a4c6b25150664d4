"""JSON Schemas (draft 2020-12) for every config's records, generated from :mod:`fields`.

Records are validated in their readable form: class labels as names, not integers. The schemas are
the contract; rows are checked against them by a validator compiled to Python code
(``fastjsonschema``), fast enough for every row of a large corpus, and a row it rejects is then
explained by ``jsonschema``, whose messages name the failing part.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

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


@cache
def validator_for(config: Config) -> Any:
    """A ``jsonschema`` validator of ``config`` rows, to explain a rejected row; checks the schema itself first."""
    import jsonschema

    schema = schema_of(config)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@cache
def compiled_validator(config: Config) -> Callable[[Any], bool]:
    """A fast check of one ``config`` row against its JSON Schema: True when the row is valid.

    The schema uses only keywords whose meaning draft 7 (fastjsonschema's newest) and draft
    2020-12 share: type, enum, minimum, maximum, properties, required, additionalProperties,
    items and anyOf.
    """
    import fastjsonschema

    validate = fastjsonschema.compile({k: v for k, v in schema_of(config).items() if k != "$schema"})

    def valid(row: Any) -> bool:
        try:
            validate(row)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return valid

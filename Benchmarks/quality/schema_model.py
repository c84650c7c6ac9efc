"""A Pydantic v2 model generated at run time from a JSON Schema file, for Instructor.

The model accepts what the schema accepts, as far as Pydantic can say it, so Instructor's
validation (and so its re-asks) enforces the same rules Quarry's validator does:

- objects become models (``create_model``); ``additionalProperties: false`` forbids extra keys;
  required properties have no default, optional ones default to ``None`` without becoming
  nullable (an explicit ``null`` is rejected unless the schema allows it);
- ``type`` (one or several), ``enum`` and ``const`` (``Literal``), ``anyOf``/``oneOf``
  (``Union``), local ``$ref`` into ``$defs``;
- ``minLength``/``maxLength``/``pattern``, ``minimum``/``maximum``/exclusive bounds/
  ``multipleOf``, ``minItems``/``maxItems`` become Pydantic constraints; ``uniqueItems``
  becomes an after-validator (Pydantic has no such constraint for lists);
- ``format`` stays an annotation, as in the validator the benchmark judges with (JSON Schema
  2020-12's default): it is kept in the model's JSON schema, not enforced;
- ``title`` and ``description`` are kept, so the schema Instructor sends describes the fields
  as the original does.

Property names are kept through aliases (a property may be a Python keyword or clash with a
``BaseModel`` attribute); dump with ``by_alias=True``.
"""

from __future__ import annotations

import json
import keyword
import re
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

_SIMPLE = {"string": str, "integer": int, "number": float, "boolean": bool}


class UnsupportedSchema(Exception):
    """A keyword this generator does not translate."""


def _unique(values: list) -> list:
    seen = []
    for value in values:
        key = json.dumps(value, sort_keys=True)
        if key in seen:
            raise ValueError(f"items must be unique; {value!r} is repeated")
        seen.append(key)
    return values


class ModelBuilder:
    """Builds Pydantic types from one schema document."""

    def __init__(self, document: dict, root_name: str):
        self.document = document
        self.root_name = root_name
        self.models: dict[str, Any] = {}
        self.names: set[str] = set()

    # -- names ---------------------------------------------------------------------------

    def _model_name(self, hint: str) -> str:
        words = re.findall(r"[A-Za-z0-9]+", hint) or ["Model"]
        name = "".join(w[:1].upper() + w[1:] for w in words)
        if name[0].isdigit():
            name = "M" + name
        base, n = name, 2
        while name in self.names:
            name, n = f"{base}{n}", n + 1
        self.names.add(name)
        return name

    # -- references ----------------------------------------------------------------------

    def _resolve(self, ref: str) -> tuple[dict, str]:
        if not ref.startswith("#/"):
            raise UnsupportedSchema(f"only local $ref is supported, not {ref}")
        node: Any = self.document
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[token]
        return node, ref.rsplit("/", 1)[-1]

    # -- types ---------------------------------------------------------------------------

    def type_for(self, schema: Any, hint: str) -> Any:
        """The Python type (possibly ``Annotated`` with constraints) for a subschema."""
        if schema is True or schema == {}:
            return Any
        if not isinstance(schema, dict):
            raise UnsupportedSchema(f"schema {schema!r}")
        if "$ref" in schema:
            target, name = self._resolve(schema["$ref"])
            siblings = {k: v for k, v in schema.items() if k not in ("$ref", "title", "description")}
            if siblings:
                raise UnsupportedSchema(f"$ref with sibling keywords {sorted(siblings)}")
            if schema["$ref"] not in self.models:
                self.models[schema["$ref"]] = None  # recursion guard
                self.models[schema["$ref"]] = self.type_for(target, name)
            built = self.models[schema["$ref"]]
            if built is None:
                raise UnsupportedSchema("recursive $ref")
            return built
        for combinator in ("anyOf", "oneOf"):
            if combinator in schema:
                arms = [self.type_for(arm, hint) for arm in schema[combinator]]
                return Union[tuple(arms)] if len(arms) > 1 else arms[0]
        if "allOf" in schema or "not" in schema or "if" in schema:
            raise UnsupportedSchema("allOf/not/if")
        if "const" in schema:
            return Literal[schema["const"]]
        if "enum" in schema:
            return Literal[tuple(schema["enum"])]
        types = schema.get("type")
        if types is None:
            if "properties" in schema:
                types = "object"
            elif "items" in schema:
                types = "array"
            else:
                return Any
        if isinstance(types, list):
            arms = [self._typed(schema, t, hint) for t in types]
            return Union[tuple(arms)] if len(arms) > 1 else arms[0]
        return self._typed(schema, types, hint)

    def _typed(self, schema: dict, kind: str, hint: str) -> Any:
        if kind == "null":
            return type(None)
        if kind == "object":
            return self._object(schema, hint)
        if kind == "array":
            item = self.type_for(schema.get("items", True), hint + " item")
            constraints = {}
            if "minItems" in schema:
                constraints["min_length"] = schema["minItems"]
            if "maxItems" in schema:
                constraints["max_length"] = schema["maxItems"]
            extra = {"uniqueItems": True} if schema.get("uniqueItems") else None
            annotated = Annotated[list[item], Field(json_schema_extra=extra, **constraints)]
            if schema.get("uniqueItems"):
                annotated = Annotated[annotated, AfterValidator(_unique)]
            return annotated
        if kind not in _SIMPLE:
            raise UnsupportedSchema(f"type {kind}")
        constraints: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        if kind == "string":
            for key, name in (("minLength", "min_length"), ("maxLength", "max_length"), ("pattern", "pattern")):
                if key in schema:
                    constraints[name] = schema[key]
            if "format" in schema:
                extra["format"] = schema["format"]  # an annotation, as in the judging validator
        elif kind in ("integer", "number"):
            for key, name in (
                ("minimum", "ge"),
                ("maximum", "le"),
                ("exclusiveMinimum", "gt"),
                ("exclusiveMaximum", "lt"),
                ("multipleOf", "multiple_of"),
            ):
                if key in schema:
                    constraints[name] = schema[key]
        if not constraints and not extra:
            return _SIMPLE[kind]
        return Annotated[_SIMPLE[kind], Field(json_schema_extra=extra or None, **constraints)]

    def _object(self, schema: dict, hint: str) -> type[BaseModel]:
        name = self._model_name(schema.get("title") or hint)
        required = set(schema.get("required", []))
        fields: dict[str, Any] = {}
        for index, (prop, subschema) in enumerate(schema.get("properties", {}).items()):
            python_name = re.sub(r"\W", "_", prop)
            if (
                not python_name.isidentifier()
                or keyword.iskeyword(python_name)
                or python_name.startswith("_")
                or hasattr(BaseModel, python_name)
                or python_name in fields
            ):
                python_name = f"field_{index}"
            annotation = self.type_for(subschema, prop)
            info: dict[str, Any] = {"alias": prop}
            if isinstance(subschema, dict):
                if subschema.get("description"):
                    info["description"] = subschema["description"]
                if subschema.get("title"):
                    info["title"] = subschema["title"]
            if prop in required:
                fields[python_name] = (annotation, Field(**info))
            else:
                # Optional, not nullable: absent is fine, an explicit null is checked by the type.
                fields[python_name] = (annotation, Field(default=None, validate_default=False, **info))
        extra = "forbid" if schema.get("additionalProperties") is False else "allow"
        if isinstance(schema.get("additionalProperties"), dict):
            raise UnsupportedSchema("additionalProperties with a schema")
        config = ConfigDict(extra=extra, populate_by_name=True, title=schema.get("title") or name)
        model = create_model(name, __config__=config, __doc__=schema.get("description"), **fields)
        return model


def model_from_schema(path: str) -> type[BaseModel]:
    """The Pydantic model for the JSON Schema file at ``path`` (its root must be an object)."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    stem = re.sub(r"\.schema\.json$|\.json$", "", path.rsplit("/", 1)[-1])
    builder = ModelBuilder(document, stem)
    model = builder.type_for(document, document.get("title") or stem)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise UnsupportedSchema("the root schema must be an object")
    return model


def dump(instance: BaseModel) -> Any:
    """The JSON value an application gets from the model: the fields the reply gave, by their
    schema names."""
    return instance.model_dump(mode="json", by_alias=True, exclude_unset=True)


if __name__ == "__main__":  # print the generated model's JSON schema
    import sys

    print(json.dumps(model_from_schema(sys.argv[1]).model_json_schema(), indent=2))

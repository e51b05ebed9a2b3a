"""OpenAPI schema post-processing: the error responses every operation can give, documented
once here instead of on each view (schemathesis checks that every response is documented),
the empty value that every choice filter accepts, and the limits of the filters' values.

The core's AppConfig.ready() calls register(), which declares the schema extensions."""

from math import inf
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator

ERROR_REF = {"$ref": "#/components/schemas/Error"}
# status -> when it happens
ERRORS = {
    "400": "Invalid parameters or body: `detail` says what, `errors` per field.",
    "401": "Authentication needed (session or `Authorization: Token …`).",
    "403": "Authenticated but not allowed.",
    "404": "No such object, or an unknown `format`.",
    "429": "Too many requests from this client; try again later.",
}
WRITE_ERRORS = {"409": "Not allowed in the object's current state (a business rule)."}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool):
    """drf-spectacular POSTPROCESSING_HOOKS entry."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _empty_means_any(operation)
            wanted = dict(ERRORS)
            if method in ("post", "put", "patch", "delete"):
                wanted.update(WRITE_ERRORS)
            for code, description in wanted.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result


def _empty_means_any(operation: dict[str, Any]) -> None:
    """A choice filter sent empty (as the pages' forms send an unselected one) means no
    filter; the schema says so by listing "" among the choices."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") != "query" or "enum" not in schema or "" in schema["enum"]:
            continue
        if schema.get("type", "string") == "string":
            schema["enum"] = [*schema["enum"], ""]
        else:  # a number among choices, or nothing
            parameter["schema"] = {"anyOf": [dict(schema), {"type": "string", "enum": [""]}]}


def register() -> None:
    """Declare the schema extensions to drf-spectacular, which finds them by subclass."""
    from drf_spectacular.contrib.django_filters import DjangoFilterExtension
    from drf_spectacular.extensions import OpenApiSerializerFieldExtension

    from imdi_portal.core.api_support import OptionalURLField
    from imdi_portal.core.filters import ModelChoiceFilter

    class OptionalURLFieldSchema(OpenApiSerializerFieldExtension):
        """In responses a link or null (never ""); requests may also send "" for none."""

        target_class = OptionalURLField

        def map_serializer_field(self, auto_schema, direction):
            if direction == "request":
                return auto_schema._map_serializer_field(
                    self.target, direction, bypass_extensions=True
                )
            return {"type": "string", "format": "uri", "nullable": True}

    class FilterConstraints(DjangoFilterExtension):
        """Filters' query parameters with the limits their form fields check: minimum and
        maximum of numbers, maximum length and pattern of text. drf-spectacular documents
        the type only, so a client (or schemathesis) could not tell year_from=1800 from 1990."""

        priority = 1

        def resolve_filter_field(
            self, auto_schema, model, filterset_class, field_name, filter_field
        ):
            parameters = super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
            constraints = _form_field_constraints(filter_field.field)
            for parameter in parameters:
                schema = parameter["schema"]
                if "enum" in schema or "anyOf" in schema:
                    continue
                if isinstance(filter_field, ModelChoiceFilter):
                    # Any code: one that no record has finds nothing (not a 400).
                    schema = {"type": schema.get("type", "string")}
                    parameter["schema"] = schema
                elif schema.get("type") != "string":
                    schema.update(constraints["number"])
                if schema["type"] == "string":
                    schema.update(constraints["text"])
                    continue
                # Sent empty (as the pages' forms send an unset one), a number or a yes/no
                # means no filter, as an empty choice does (_empty_means_any).
                parameter["schema"] = {"anyOf": [schema, {"type": "string", "enum": [""]}]}
            return parameters


def _form_field_constraints(field: forms.Field) -> dict[str, dict[str, Any]]:
    number: dict[str, Any] = {}
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            number["minimum"] = max(number.get("minimum", -inf), validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            number["maximum"] = min(number.get("maximum", inf), validator.limit_value)
    return {"number": number, "text": _text_constraints(field)}


def _text_constraints(field: forms.Field) -> dict[str, Any]:
    """The form strips the text before it checks it, and checks nothing when it is blank;
    the pattern says the same of the text as sent (` PHL ` is PHL, `   ` no filter)."""
    max_length = getattr(field, "max_length", None)
    regexes = [v.regex.pattern for v in field.validators if isinstance(v, RegexValidator)]
    if not getattr(field, "strip", False) or field.required or len(regexes) > 1:
        return {"maxLength": max_length} if max_length else {}
    if regexes:
        # Our regexes bound the length themselves (a code, a quarter, codes up to 50).
        core = regexes[0].removeprefix("^")
        if core.endswith("$") and not core.endswith("\\$"):
            core = core[:-1]
    elif max_length:
        core = rf"\S(?:[\s\S]{{0,{max_length - 2}}}\S)?"
    else:
        return {}
    return {"pattern": rf"^\s*(?:{core})?\s*$"}

"""OpenAPI schema post-processing: the error responses every operation can give, documented
once here instead of on each view (schemathesis checks that every response is documented),
and the empty value that every choice filter accepts."""

from typing import Any

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

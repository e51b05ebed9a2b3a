"""Shared API machinery: pagination, CSV rendering, throttling and error format."""

from typing import Any

from django.db import models
from rest_framework import parsers, serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.utils.urls import replace_query_param

from imdi_portal.core import ratelimit
from imdi_portal.core.downloads import csv_response, csv_text


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deep for Python's parser (a few hundred
    bytes of "[[[[...") answered 400 like any malformed JSON, not a 500 (RecursionError)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None


class MethodField(serializers.CharField):
    """Read-only text returned by a model method named by `source` (get_absolute_url). DRF
    would inspect the method's signature on every row to decide whether to call it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return getattr(instance, self.source)()


class ChoiceLabelField(serializers.CharField):
    """Read-only label, in the reader's language, of the choice field named by `source`.
    The labels are translated once per response: the model's get_<field>_display() would
    hash every choice and translate on each row (a fifth of a 100-row page's time)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        labels = self.__dict__.get("_labels")
        if labels is None:
            field = self.parent.Meta.model._meta.get_field(self.source)
            labels = self._labels = {key: str(label) for key, label in field.flatchoices}
        return labels.get(value, value)


class OptionalURLField(serializers.URLField):
    """A link that may be missing. Responses give null when the model's URLField is blank,
    never "" (which is no `format: uri`); requests send "" for no link (the schema of each
    direction is in imdi_portal.core.api_schema)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["allow_blank"] = not kwargs.get("read_only", False)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return str(value) if value else None


class OptionalURLsMixin:
    """For a ModelSerializer: the model's URLFields are OptionalURLFields (null when blank)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: OptionalURLField,
    }


class RepeatedNestedMixin:
    """For a nested serializer of a few objects repeated over many rows (a country's
    regions): each object is represented once per response and the result reused."""

    def to_representation(self, instance: Any) -> Any:
        seen = self.__dict__.setdefault("_represented", {})
        if instance.pk not in seen:
            seen[instance.pk] = super().to_representation(instance)
        return seen[instance.pk]


class Pagination(LimitOffsetPagination):
    """limit/offset on every list; a limit above the maximum is capped, not refused, but
    a limit or offset that is not a whole number is refused (DRF would silently ignore it),
    and so is an offset beyond a database integer (the query would overflow: a 500)."""

    default_limit = 50
    max_limit = 250
    max_offset = 2**31 - 1

    def get_limit(self, request) -> int | None:
        _whole_number(request, self.limit_query_param, minimum=1)
        return super().get_limit(request)

    def get_offset(self, request) -> int:
        _whole_number(request, self.offset_query_param, minimum=0, maximum=self.max_offset)
        return super().get_offset(request)

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        """The bounds that get_limit and get_offset enforce (limit's maximum is a cap)."""
        parameters = super().get_schema_operation_parameters(view)
        minimums = {self.limit_query_param: 1, self.offset_query_param: 0}
        for parameter in parameters:
            parameter["schema"]["minimum"] = minimums[parameter["name"]]
        parameters[1]["schema"]["maximum"] = self.max_offset
        limit = parameters[0]
        limit["description"] = f"{limit['description']} At most {self.max_limit}; more is capped."
        return parameters


def _whole_number(request, name: str, minimum: int, maximum: int | None = None) -> None:
    from rest_framework.exceptions import ValidationError

    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [f"Give {name} once."]})
    if not values:
        return
    # ASCII digits only: "²" is a digit to str.isdigit() but not a number to int().
    number = int(values[0]) if values[0].isascii() and values[0].isdigit() else None
    if number is None or number < minimum:
        raise ValidationError({name: [f"Give {name} as a whole number of at least {minimum}."]})
    if maximum is not None and number > maximum:
        raise ValidationError({name: [f"Give {name} as a whole number of at most {maximum}."]})


class CSVRenderer(BaseRenderer):
    """`?format=csv` on any list or detail endpoint: one row per object, nested keys dotted;
    cells that would run as formulas neutralised (`downloads.safe_cell`, via csv_text)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data] if data is not None else []
        flat = [_flatten(row) for row in rows if isinstance(row, dict)]
        header: list[str] = []
        for row in flat:
            header.extend(key for key in row if key not in header)
        table = ([row.get(key, "") for key in header] for row in flat)
        return csv_text(header, table).encode(self.charset)


class StreamedCSVMixin:
    """A list endpoint whose `?format=csv` is the whole selection streamed as it is read
    (imdi_portal.core.downloads.csv_response), header first, rather than one page rendered
    by CSVRenderer: for tables too big to page through (the observations). `offset` and
    `limit` still apply when they are given (checked as for JSON). The view names the file
    (csv_filename) and gives the header and the rows of a queryset (csv_table)."""

    csv_filename = "data.csv"

    def csv_table(self, queryset: models.QuerySet) -> tuple[list[str], Any]:
        raise NotImplementedError

    def list(self, request, *args: Any, **kwargs: Any):
        if not isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        paginator = self.paginator  # type: ignore[attr-defined]
        offset = paginator.get_offset(request)
        if paginator.limit_query_param in request.query_params:
            queryset = queryset[offset : offset + paginator.get_limit(request)]
        elif offset:
            queryset = queryset[offset:]
        header, rows = self.csv_table(queryset)
        return csv_response(self.csv_filename, header, rows)


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(v) for v in value)
        else:
            flat[name] = "" if value is None else value
    return flat


class _CacheDownMixin:
    """Throttle counters live in the cache (Redis in production). If the cache is down the
    API keeps answering and the rates still hold: the requests are counted in this
    process's memory (`ratelimit.LOCAL`, a fixed window as long as the rate's period) and
    the outage is logged once a minute (`ratelimit.cache_unavailable`)."""

    _local_wait: float | None = None

    def allow_request(self, request, view) -> bool:
        self._local_wait = None
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # redis.ConnectionError, a timeout, any backend's failure
            ratelimit.cache_unavailable(exc)
            return self._allow_locally()

    def _allow_locally(self) -> bool:
        # SimpleRateThrottle sets the key before it reads the cache.
        key = self.__dict__.get("key")
        if key is None:
            return True
        now = self.timer()  # SimpleRateThrottle's clock, time.time
        window = int(now // self.duration)
        if ratelimit.LOCAL.hit(f"{key}:{window}", self.duration) <= self.num_requests:
            return True
        self._local_wait = (window + 1) * self.duration - now
        return False

    def wait(self) -> float | None:
        """Seconds until the window ends (Retry-After), without the cache's history."""
        if self._local_wait is not None:
            return self._local_wait
        return super().wait()


class AnonThrottle(_CacheDownMixin, AnonRateThrottle):
    pass


class UserThrottle(_CacheDownMixin, UserRateThrottle):
    pass


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error is JSON with a human-readable `detail`; field errors under `errors`."""
    # Imported here: rest_framework.views reads DEFAULT_RENDERER_CLASSES, which names this
    # module, so a top-level import is circular when DRF's checks load us first.
    from rest_framework.views import exception_handler as drf_exception_handler

    from imdi_portal.core.exceptions import DomainError

    if isinstance(exc, DomainError):
        # A business rule refused the request ("not allowed now"): 409 with its reason.
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
        # An error is a message, not a table: JSON even when ?format=csv was asked for.
        from rest_framework.renderers import JSONRenderer

        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    data = response.data
    if isinstance(data, dict) and set(data) <= {"detail"}:
        return response
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        parts = [f"{path}: {message}" for path, message in _messages(errors)]
        response.data = {"detail": "Invalid input. " + " ".join(parts), "errors": _flat(errors)}
    return response


def _flat(errors: Any, path: str = "") -> dict[str, list[str]]:
    """Errors of nested fields under dotted paths, e.g. {"budget_lines.0.amount": [...]}:
    one level, the same shape for every error, whatever the nesting of the input."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            flat.update(_flat(value, f"{path}.{key}" if path else str(key)))
        return flat
    if isinstance(errors, list):
        if all(not isinstance(item, dict | list) for item in errors):
            return {path: [str(item) for item in errors]} if errors else {}
        flat = {}
        for index, item in enumerate(errors):
            flat.update(_flat(item, f"{path}.{index}"))
        return flat
    return {path: [str(errors)]}


def _messages(errors: Any, path: str = "") -> list[tuple[str, str]]:
    """(dotted path, message) for nested errors, e.g. ("budget_lines.0.amount", "...")."""
    if isinstance(errors, dict):
        return [
            pair
            for key, value in errors.items()
            for pair in _messages(value, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(errors, list):
        if all(not isinstance(item, dict | list) for item in errors):
            return [(path, " ".join(str(item) for item in errors))] if errors else []
        return [
            pair for index, item in enumerate(errors) for pair in _messages(item, f"{path}.{index}")
        ]
    return [(path, str(errors))]


class UncountedPagination(Pagination):
    """limit/offset without the total: for tables of millions of rows, where COUNT(*) would
    cost more than the page itself. One extra row is read to know whether a next page exists."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        rows = list(queryset[self.offset : self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        self.count = None
        return rows[: self.limit]

    def get_next_link(self):
        if not self.has_next:
            return None
        return replace_query_param(
            replace_query_param(
                self.request.build_absolute_uri(), self.limit_query_param, self.limit
            ),
            self.offset_query_param,
            self.offset + self.limit,
        )

    def get_previous_link(self):
        if self.offset <= 0:
            return None
        return replace_query_param(
            replace_query_param(
                self.request.build_absolute_uri(), self.limit_query_param, self.limit
            ),
            self.offset_query_param,
            max(0, self.offset - self.limit),
        )

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

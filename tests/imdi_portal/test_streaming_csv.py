"""Downloads stream (#24): the header goes out first, the rows follow as a chunked cursor
reads them, and every download still writes the same columns and neutralised cells. Time
and memory of 100,000 rows are measured in bench/csv_bench.py, not here."""

import csv
import gzip
import io
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from certification.models import Label
from imdi_portal.core import downloads
from imdi_portal.core.api_support import CSVRenderer
from imdi_portal.core.downloads import csv_stream
from imdi_portal.core.figures import csv_cell
from imdi_portal.core.models import Country
from imdi_portal.stats.explorer import CSV_COLUMNS
from imdi_portal.stats.models import Observation
from remittances.costs import cost_averages_recompute
from remittances.models import CostAverage
from tests.certification.factories import Certification
from tests.imdi_portal.factories import CountryFactory
from tests.imdi_portal.hostile import HOSTILE, neutralised
from tests.remittances.factories import RemittanceServiceFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@contextmanager
def iterations():
    """Every QuerySet.iterator() call made inside: (model, chunk_size)."""
    calls: list[tuple] = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        calls.append((self.model, chunk_size))
        return original(self, chunk_size=chunk_size)

    with mock.patch.object(QuerySet, "iterator", spy):
        yield calls


def pieces(response) -> list[bytes]:
    assert response.streaming, "a download must stream"
    return list(response.streaming_content)


def table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks and pieces small enough that the test data spans several of each."""
    monkeypatch.setattr(downloads, "CHUNK_SIZE", 7)
    monkeypatch.setattr(downloads, "LINES_PER_PIECE", 5)


@pytest.fixture
def indicator():
    indicator = IndicatorFactory(code="STREAM.TEST")
    phl, mex = Country.objects.get(iso3="PHL"), Country.objects.get(iso3="MEX")
    for country in (phl, mex):
        for year in range(2000, 2020):
            ObservationFactory(indicator=indicator, country=country, year=year, value=year / 4)
    ObservationFactory(
        indicator=indicator, country=phl, counterpart=mex, year=2019, value=-1.5, status="E"
    )
    ObservationFactory(indicator=indicator, country=mex, year=2021, source=HOSTILE[0])
    return indicator


def test_the_stream_sends_the_header_before_reading_any_row():
    read = []

    def rows():
        for n in range(3):
            read.append(n)
            yield [n, f"row {n}"]

    stream = csv_stream(["n", "text"], rows())
    assert next(stream) == b"n,text\r\n" and read == []
    assert b"".join(stream) == b"0,row 0\r\n1,row 1\r\n2,row 2\r\n" and read == [0, 1, 2]


@pytest.mark.parametrize(
    "value",
    [
        *HOSTILE,
        *("-0.5", "plain", "", None, 0, -3, True, Decimal("-1.20"), date(2020, 1, 2)),
        *(2.5, -0.0, 0.0, 1e-05, -2.5e-07, 3.0, 1e15, 1e16, 1e300, 2490.6666666666665),
        *(float("nan"), float("inf"), float("-inf"), 0.1 + 0.2, -123456.789),
    ],
)
def test_the_streamed_cells_are_those_of_the_rule(value):
    assert downloads.csv_row([value]) == [csv_cell(downloads.safe_cell(value))]


def test_the_explorer_csv_streams_every_row_through_a_chunked_cursor(
    client, indicator, small_chunks
):
    with iterations() as calls:
        response = client.get("/data/explorer/", {"indicator": indicator.code, "format": "csv"})
        parts = pieces(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="STREAM.TEST.csv"'
    assert parts[0] == (",".join(CSV_COLUMNS) + "\r\n").encode()
    assert len(parts) > 3  # sent in pieces, not as one body
    assert calls == [(Observation, 7)]
    rows = table(b"".join(parts))
    assert len(rows) == Observation.objects.filter(indicator=indicator).count() == 42
    [bilateral] = [r for r in rows if r["counterpart_code"]]
    assert bilateral["area_name"] == "Philippines" and bilateral["counterpart_code"] == "MEX"
    assert (bilateral["value"], bilateral["status"], bilateral["period"]) == ("-1.5", "E", "2019")
    assert {r["value"] for r in rows if r["period"] == "2001"} == {"500.25"}
    [hostile] = [r for r in rows if r["period"] == "2021"]
    assert hostile["source"] == neutralised(HOSTILE[0]) and hostile["indicator"] == "STREAM.TEST"


def test_the_explorer_csv_is_compressed_and_keeps_its_headers(client, indicator):
    params = {"indicator": indicator.code, "format": "csv"}
    plain = b"".join(pieces(client.get("/data/explorer/", params)))
    response = client.get("/data/explorer/", params, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="STREAM.TEST.csv"'
    assert gzip.decompress(b"".join(pieces(response))) == plain


def test_the_observations_api_csv_streams_the_same_table_as_its_json(
    api_client, indicator, small_chunks
):
    params = {"indicator": indicator.code}
    page = api_client.get("/api/v1/observations/", {**params, "limit": 250}).data
    with iterations() as calls:
        response = api_client.get("/api/v1/observations/", {**params, "format": "csv"})
        parts = pieces(response)
    assert calls == [(Observation, 7)]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="observations.csv"'
    assert parts[0].startswith(b"indicator,area_code,area_name,counterpart_code,")
    # The columns and cells CSVRenderer writes for the JSON page, row for row.
    assert b"".join(parts) == CSVRenderer().render(page)
    assert len(table(b"".join(parts))) == 42 == len(page["results"])


def test_the_observations_api_csv_is_the_whole_selection_beyond_a_page(api_client, indicator):
    response = api_client.get("/api/v1/observations/", {"country": "PHL", "format": "csv"})
    rows = table(b"".join(pieces(response)))
    assert len(rows) == 21  # more than one page would be with limit=5
    window = api_client.get(
        "/api/v1/observations/", {"country": "PHL", "format": "csv", "limit": 5, "offset": 3}
    )
    assert table(b"".join(pieces(window))) == rows[3:8]


@pytest.mark.parametrize("bad", [{"limit": "x"}, {"offset": "-1"}, {"year_from": "1899"}])
def test_a_bad_csv_request_is_a_json_400(api_client, bad):
    response = api_client.get("/api/v1/observations/", {"format": "csv", **bad})
    assert response.status_code == 400 and not response.streaming
    assert "detail" in response.json()


def test_the_registry_csv_streams_through_a_chunked_cursor(client, small_chunks):
    for _ in range(2):
        Certification().to("accepted")
    with iterations() as calls:
        response = client.get(reverse("certification:registry"), {"format": "csv"})
        parts = pieces(response)
    assert (
        parts[0] == b"label,enterprise,country,sector,kind,status,issued_on,expires_on,sample\r\n"
    )
    assert response["Content-Disposition"].endswith('"imdi-quality-label-registry.csv"')
    assert (Label, 7) in calls
    rows = table(b"".join(parts))
    assert len(rows) == Label.objects.count() == 2
    assert {r["label"] for r in rows} == set(Label.objects.values_list("number", flat=True))


def test_the_corridor_list_csv_reads_the_averages_through_a_chunked_cursor(client, small_chunks):
    senders = [CountryFactory() for _ in range(3)]
    receiver = CountryFactory()
    for sending in senders:
        for period in ("2020-Q1", "2020-Q2", "2020-Q3"):
            RemittanceServiceFactory(
                sending=sending, receiving=receiver, period=period, fee_200=Decimal("4")
            )
    cost_averages_recompute()
    with iterations() as calls:
        response = client.get(reverse("remittances:corridor-list"), {"format": "csv"})
        parts = pieces(response)
    assert parts[0].startswith(b"sending,receiving,latest_quarter,")
    assert (CostAverage, 7) in calls
    rows = [r for r in table(b"".join(parts)) if r["receiving"] == receiver.iso3]
    assert sorted(r["sending"] for r in rows) == sorted(c.iso3 for c in senders)
    assert {(r["first_quarter"], r["latest_quarter"]) for r in rows} == {("2020-Q1", "2020-Q3")}

"""Factories of the statistical store."""

import factory

from tests.imdi_portal.factories import CountryFactory


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stats.ImportJob"

    source = "wdi"
    original_name = factory.Sequence(lambda n: f"file{n}.csv")
    sha256 = "0" * 64
    file_path = "/nonexistent"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stats.Indicator"
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"TEST.IND.{n}")
    name_en = factory.LazyAttribute(lambda o: f"Indicator {o.code}")
    source = "test"


class ObservationFactory(factory.django.DjangoModelFactory):
    """A value of a country; pass counterpart= for bilateral data."""

    class Meta:
        model = "stats.Observation"

    indicator = factory.SubFactory(IndicatorFactory)
    country = factory.SubFactory(CountryFactory)
    area_code = factory.LazyAttribute(lambda o: o.country.iso3)
    counterpart = None
    counterpart_code = factory.LazyAttribute(lambda o: o.counterpart.iso3 if o.counterpart else "")
    year = 2020
    period = factory.LazyAttribute(lambda o: str(o.year))
    value = 100.0
    source = "test"

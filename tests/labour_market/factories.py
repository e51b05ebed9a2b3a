import datetime

import factory

from labour_market.models import Occupation, ShortageEntry, ShortageList
from tests.imdi_portal.factories import CountryFactory


class OccupationFactory(factory.django.DjangoModelFactory):
    """An ISCO-08 group with its parents, so that codes stay consistent."""

    class Meta:
        model = Occupation
        django_get_or_create = ["code"]

    code = "2221"
    level = factory.LazyAttribute(lambda o: len(o.code))
    title_en = factory.LazyAttribute(lambda o: f"Occupation group {o.code}")
    parent = factory.LazyAttribute(
        lambda o: OccupationFactory(code=o.code[:-1]) if len(o.code) > 1 else None
    )


class ShortageListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortageList

    country = factory.SubFactory(CountryFactory)
    title = factory.Sequence(lambda n: f"Shortage list {n}")
    source = "Ministry of Labour, test gazette"
    valid_from = datetime.date(2020, 1, 1)


class ShortageEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortageEntry

    shortage_list = factory.SubFactory(ShortageListFactory)
    occupation = factory.SubFactory(OccupationFactory)

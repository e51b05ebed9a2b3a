from decimal import Decimal

import factory

from remittances.models import FirmType, RemittanceService, Speed
from tests.imdi_portal.factories import CountryFactory


class RemittanceServiceFactory(factory.django.DjangoModelFactory):
    """A transparent service: fee + margin = total cost, for USD 200 and 500."""

    class Meta:
        model = RemittanceService

    period = "2020-Q3"
    sending = factory.SubFactory(CountryFactory)
    receiving = factory.SubFactory(CountryFactory)
    firm = factory.Sequence(lambda n: f"Test provider {n}")
    firm_type = FirmType.MTO
    payment_instrument = "Cash"
    access_point = "Cash pick-up"
    speed = Speed.SAME_DAY
    fee_200 = Decimal("3.000")
    fx_margin_200 = Decimal("1.000")
    total_cost_200 = factory.LazyAttribute(
        lambda o: (
            None if o.fee_200 is None or o.fx_margin_200 is None else o.fee_200 + o.fx_margin_200
        )
    )
    fee_500 = Decimal("1.500")
    fx_margin_500 = Decimal("1.000")
    total_cost_500 = factory.LazyAttribute(
        lambda o: (
            None if o.fee_500 is None or o.fx_margin_500 is None else o.fee_500 + o.fx_margin_500
        )
    )
    transparent = True
    is_sample = False
    source = "test"

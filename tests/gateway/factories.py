"""Factories of the information gateway and the directory."""

import factory
from django.utils import timezone

from imdi_portal.core.models import Component
from imdi_portal.gateway.models import Activity, Contact
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    """A published activity; pass countries=[...] and components=[...] codes as needed."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"activity-{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    title_en = factory.Sequence(lambda n: f"Activity {n}")
    summary_en = "What the programme does."
    start_year = 2020
    status = Activity.Status.ONGOING
    state = Activity.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def components(self, create, extracted, **kwargs):
        if create:
            self.components.set(Component.objects.filter(code__in=extracted or ["I"]))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    kind = Contact.Kind.MINISTRY
    country = factory.SubFactory(CountryFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="government")
    function_en = factory.Sequence(lambda n: f"Labour migration desk {n}")
    office_email = factory.Sequence(lambda n: f"desk{n}@example.org")

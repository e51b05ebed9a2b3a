import factory

from imdi_portal.core.models import Country
from legislation.models import Fee, PermitCategory, PermitKind, Requirement


class PermitCategoryFactory(factory.django.DjangoModelFactory):
    """Test categories (not legal facts); published ones are the public rows."""

    class Meta:
        model = PermitCategory
        skip_postgeneration_save = True

    country = factory.LazyFunction(lambda: Country.objects.get(iso3="PHL"))
    name_en = factory.Sequence(lambda n: f"Test permit {n}")
    slug = factory.Sequence(lambda n: f"test-permit-{n}")
    kind = PermitKind.GENERAL_WORK
    state = PermitCategory.State.DRAFT
    processing_days_typical = 30

    class Params:
        published = factory.Trait(state=PermitCategory.State.PUBLISHED)
        submitted = factory.Trait(state=PermitCategory.State.SUBMITTED)

    @factory.post_generation
    def with_elements(self, create, extracted, **kwargs):
        if create and extracted:
            Requirement.objects.create(category=self, position=1, text="A job offer")
            Fee.objects.create(
                category=self, label="Application fee", amount="100.00", currency="PHP"
            )

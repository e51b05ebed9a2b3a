import factory
from django.contrib.auth.models import Group

from imdi_portal.core.models import Country, Organisation, Region, User
from imdi_portal.core.roles import Role


def _letters(n: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return alphabet[(n // 26) % 26] + alphabet[n % 26]


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    # M49 has no codes from 900 upwards for regions; keep clear of the real ones.
    code = factory.Sequence(lambda n: f"{900 + n % 99:03d}")
    name = factory.Sequence(lambda n: f"Test region {n}")
    slug = factory.Sequence(lambda n: f"test-region-{n}")
    level = Region.Level.REGION


class CountryFactory(factory.django.DjangoModelFactory):
    """Test countries use ISO's user-assigned ranges (X.., 9xx) so they never clash."""

    class Meta:
        model = Country

    iso2 = factory.Sequence(lambda n: "X" + _letters(n)[1])
    iso3 = factory.Sequence(lambda n: "X" + _letters(n))
    m49 = factory.Sequence(lambda n: f"{900 + n % 99:03d}")
    name_en = factory.Sequence(lambda n: f"Testland {n}")
    name_fr = factory.LazyAttribute(lambda o: f"{o.name_en} (fr)")
    name_es = factory.LazyAttribute(lambda o: f"{o.name_en} (es)")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.NGO

    class Params:
        sample = factory.Trait(is_sample=True)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    # Popped in _create: the group of this role is added once the user exists.
    role = None

    class Params:
        focal_point = factory.Trait(role=Role.FOCAL_POINT, is_staff=True)
        secretariat = factory.Trait(role=Role.SECRETARIAT, is_staff=True)
        submitter = factory.Trait(role=Role.SUBMITTER)
        tap_member = factory.Trait(role=Role.TAP_MEMBER, is_staff=True)
        certification_officer = factory.Trait(role=Role.CERTIFICATION_OFFICER, is_staff=True)
        auditor = factory.Trait(role=Role.AUDITOR, is_staff=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        role = kwargs.pop("role", None)
        user = super()._create(model_class, *args, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

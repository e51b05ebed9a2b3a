"""Remittances: what each service charges in a corridor (World Bank Remittance Prices
Worldwide, provider level) and the cost averages derived from it and from the World Bank's
corridor averages.

Volumes (WDI series, the bilateral remittance matrix) and the World Bank's published corridor
averages live in the shared statistical store (imdi_portal.core.models.Observation); see
remittances.indicators for their codes.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import Country
from imdi_portal.stats.models import Observation


class FirmType(models.TextChoices):
    BANK = "bank", _("Bank")
    MTO = "mto", _("Money transfer operator")
    POST = "post", _("Post office")
    MOBILE = "mobile", _("Mobile operator")
    OTHER = "other", _("Other")


class Speed(models.TextChoices):
    """RPW's speed classes, fastest first (the order is used to sort)."""

    MINUTES = "1", _("Less than one hour")
    SAME_DAY = "2", _("Same day")
    NEXT_DAY = "3", _("Next day")
    TWO_DAYS = "4", _("2 days")
    THREE_TO_FIVE = "5", _("3-5 days")
    SIX_PLUS = "6", _("6 days or more")


# SmaRT's speed rule as the portal applies it: RPW's speed classes up to "3-5 days" pass,
# "6 days or more" and an unrecorded speed do not (see remittances.costs).
SMART_SPEEDS = (
    Speed.MINUTES,
    Speed.SAME_DAY,
    Speed.NEXT_DAY,
    Speed.TWO_DAYS,
    Speed.THREE_TO_FIVE,
)


class RemittanceServiceQuerySet(models.QuerySet):
    def averaged(self) -> "RemittanceServiceQuerySet":
        """The services that count in averages: the World Bank leaves out those that do not
        disclose the exchange rate they apply (not transparent) and those with no total cost."""
        return self.filter(transparent=True, total_cost_200__isnull=False)

    def counted(self) -> "RemittanceServiceQuerySet":
        """The averaged services, without sample services on a real corridor: a corridor
        with a World Bank corridor average (ATCR.CORR) or a surveyed service in any quarter
        is real, and invented services never weigh on its figures. Sample services count
        only in corridors that have nothing but sample data."""
        # Imported here so that remittances.indicators may import the models without a cycle.
        from remittances.indicators import CORRIDOR_COST

        surveyed = RemittanceService.objects.filter(
            is_sample=False, sending=OuterRef("sending"), receiving=OuterRef("receiving")
        )
        published = Observation.objects.of(CORRIDOR_COST).filter(
            country=OuterRef("sending"), counterpart=OuterRef("receiving")
        )
        return (
            self.averaged()
            .alias(surveyed=Exists(surveyed), published=Exists(published))
            .filter(Q(is_sample=False) | Q(surveyed=False, published=False))
        )

    def smart_eligible(self) -> "RemittanceServiceQuerySet":
        """The services that meet the SmaRT criteria the provider rows can check: transparent,
        a known total cost for USD 200, delivered within 5 days (SMART_SPEEDS)."""
        return self.averaged().filter(speed__in=SMART_SPEEDS)

    def in_corridor(self, sending: Country, receiving: Country) -> "RemittanceServiceQuerySet":
        return self.filter(sending=sending, receiving=receiving)


class RemittanceService(models.Model):
    """One service of one provider, surveyed in one corridor in one quarter.

    Costs are percentages of the amount sent (USD 200 or USD 500, or their equivalent in the
    sending country's currency): fee %, exchange-rate margin % and their sum, the total cost.
    """

    period = models.CharField(_("quarter"), max_length=7, help_text="2020-Q3")
    sending = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("sending country")
    )
    receiving = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving country")
    )
    firm = models.CharField(_("provider"), max_length=200)
    firm_type = models.CharField(_("provider type"), max_length=10, choices=FirmType.choices)
    product = models.CharField(_("product"), max_length=200, blank=True)
    payment_instrument = models.CharField(_("payment instrument"), max_length=80, blank=True)
    access_point = models.CharField(_("access point"), max_length=80, blank=True)
    speed = models.CharField(_("speed"), max_length=1, choices=Speed.choices, blank=True)
    fee_200 = models.DecimalField(
        _("fee, USD 200 (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    fx_margin_200 = models.DecimalField(
        _("exchange-rate margin, USD 200 (%)"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
    )
    total_cost_200 = models.DecimalField(
        _("total cost, USD 200 (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    fee_500 = models.DecimalField(
        _("fee, USD 500 (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    fx_margin_500 = models.DecimalField(
        _("exchange-rate margin, USD 500 (%)"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
    )
    total_cost_500 = models.DecimalField(
        _("total cost, USD 500 (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    transparent = models.BooleanField(
        _("transparent"), help_text=_("The provider discloses the exchange rate it applies.")
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Written to show the layout, not surveyed by the World Bank."),
    )
    source = models.CharField(_("source"), max_length=120)
    import_job = models.ForeignKey(
        "stats.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RemittanceServiceQuerySet.as_manager()

    class Meta:
        ordering = ["period", "sending", "receiving", "total_cost_200"]
        verbose_name = _("remittance service")
        verbose_name_plural = _("remittance services")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "period",
                    "sending",
                    "receiving",
                    "firm",
                    "product",
                    "payment_instrument",
                    "access_point",
                ],
                name="remittance_service_key",
            )
        ]
        indexes = [
            models.Index(fields=["sending", "receiving", "period"], name="rem_service_corridor"),
            models.Index(fields=["receiving", "period"], name="rem_service_receiving"),
        ]

    def __str__(self) -> str:
        return f"{self.firm} {self.sending_id}->{self.receiving_id} {self.period}"

    def received(self, amount: int = 200) -> float | None:
        """What the recipient gets of `amount` USD sent, in USD equivalent."""
        cost = self.total_cost_200 if amount == 200 else self.total_cost_500
        return None if cost is None else round(amount * (1 - float(cost) / 100), 2)

    @property
    def received_200(self) -> float | None:
        return self.received(200)

    @property
    def meets_smart_criteria(self) -> bool:
        """The same test as RemittanceServiceQuerySet.smart_eligible, on one row."""
        return self.transparent and self.total_cost_200 is not None and self.speed in SMART_SPEEDS


class CostAverage(models.Model):
    """An average total cost for one quarter, recomputed by remittances.costs."""

    class Scope(models.TextChoices):
        CORRIDOR = "corridor", _("Corridor")
        GLOBAL = "global", _("Global average")
        GLOBAL_WEIGHTED = "global-weighted", _("Global average weighted by flows")
        SENDING = "sending", _("Sending country")
        RECEIVING = "receiving", _("Receiving country")
        REGION = "region", _("Receiving region (UN M49 sub-region)")
        WB_REGION = "wb-region", _("Receiving region (World Bank)")
        SMART = "smart", _("SmaRT, corridor")
        GLOBAL_SMART = "global-smart", _("Global SmaRT average")
        FIRM_TYPE = "firm-type", _("Provider type")
        INSTRUMENT = "instrument", _("Payment instrument")

    class Basis(models.TextChoices):
        CORRIDOR = "corridor", _("World Bank corridor averages")
        PROVIDER = "provider", _("Provider-level services")

    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    # "GBR-PAK" for a corridor (and its SmaRT), ISO3 for a country, M49 sub-region code,
    # World Bank region name, firm type or instrument.
    key = models.CharField(_("key"), max_length=80, blank=True)
    sending = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    receiving = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A receiving economy outside ISO 3166-1 (Kosovo) of a published corridor average.
    receiving_area = models.ForeignKey(
        "stats.StatisticalArea", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("quarter"), max_length=7)
    amount = models.PositiveSmallIntegerField(_("amount sent (USD)"))
    basis = models.CharField(_("basis"), max_length=8, choices=Basis.choices)
    value = models.FloatField(_("average total cost (%)"))
    corridors = models.PositiveIntegerField(_("corridors"), default=0)
    corridors_above_5 = models.PositiveIntegerField(_("corridors above 5 %"), default=0)
    services = models.PositiveIntegerField(_("services"), default=0)
    has_sample = models.BooleanField(_("includes sample data"), default=False)

    class Meta:
        ordering = ["scope", "key", "basis", "amount", "period"]
        verbose_name = _("cost average")
        verbose_name_plural = _("cost averages")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "period", "amount", "basis"], name="cost_average_key"
            )
        ]
        indexes = [
            models.Index(fields=["sending", "receiving", "scope"], name="cost_avg_corridor"),
            models.Index(fields=["receiving", "scope"], name="cost_avg_receiving"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.period} {self.amount}: {self.value:.2f} %"

    def get_absolute_url(self) -> str:
        if self.scope == self.Scope.CORRIDOR and self.receiving_area_id:
            return ""  # corridor pages are between ISO 3166-1 countries
        if self.scope == self.Scope.CORRIDOR and "-" in self.key:
            sending, receiving = self.key.split("-")
            return reverse("remittances:corridor", args=[sending, receiving])
        return reverse("remittances:sdg")

    @property
    def receiving_code(self) -> str | None:
        """ISO3 of the receiving country, or the code of the economy outside ISO 3166-1."""
        if self.receiving_id:
            return self.receiving.iso3
        return self.receiving_area.code if self.receiving_area_id else None

    @property
    def receiving_name(self) -> str:
        if self.receiving_id:
            return self.receiving.name
        return self.receiving_area.name if self.receiving_area_id else ""

    @property
    def share_above_5(self) -> float | None:
        return 100 * self.corridors_above_5 / self.corridors if self.corridors else None

    @property
    def gap_to_target(self) -> float:
        """SDG 10.c: percentage points above the 3 % target (negative: below it)."""
        return self.value - 3.0

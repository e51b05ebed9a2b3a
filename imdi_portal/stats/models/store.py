"""The statistical store: an indicator catalogue and one narrow observation fact table.

Values are stored as double precision (FloatField). The sources publish decimal strings with at
most 15 significant digits (WDI, ILOSTAT, UN DESA), which a double holds exactly enough to
round-trip; statistics are never summed as money. Money in projects uses Decimal.

The natural key of an observation is (indicator, area_code, counterpart_code, period, sex, age,
classification). Every key column is NOT NULL (empty string = "not applicable / total"), so one
ordinary unique index serves `INSERT ... ON CONFLICT` on PostgreSQL and SQLite alike; `country`,
`area` and `counterpart` are the same codes resolved to rows, for joins.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models.reference import Country
from imdi_portal.core.translation import active_language


class StatisticalArea(models.Model):
    """A reporting area that is not an ISO 3166-1 country.

    Regional, income and lending-group aggregates (WLD, SSF, LMC, ...) and economies outside
    ISO 3166-1 (Kosovo, Channel Islands), as listed by the World Bank's country metadata
    (alphabetic codes); UN M49 aggregates used by UN DESA (numeric codes: 900 World, 903
    Africa, 5500 Central Asia, ...).
    """

    class Kind(models.TextChoices):
        AGGREGATE = "aggregate", _("Aggregate")
        ECONOMY = "economy", _("Economy outside ISO 3166-1")

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=60)
    # The World Bank's region of an economy (Kosovo: Europe & Central Asia), so that its
    # corridors count in the regional cost averages as they do in RPW's.
    wb_region = models.CharField(_("World Bank region"), max_length=60, blank=True)

    class Meta:
        db_table = "imdi_portal_statisticalarea"
        ordering = ["name"]
        verbose_name = _("statistical area")
        verbose_name_plural = _("statistical areas")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        """What a value measures; it decides how a series may be projected and shown."""

        COUNT = "count", _("Count (persons, items)")
        AMOUNT = "amount", _("Amount of money")
        SHARE = "share", _("Share or rate bounded by 0 and 100 %")
        RATE = "rate", _("Ratio or growth rate that can be negative")
        BALANCE = "balance", _("Balance that can change sign")
        INDEX = "index", _("Index")

    code = models.CharField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=255)
    licence = models.CharField(_("licence"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_derived = models.BooleanField(_("derived"), default=False)
    kind = models.CharField(_("kind of value"), max_length=10, choices=Kind.choices, blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    definition_es = models.TextField(_("definition (Spanish)"), blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    vintage = models.CharField(_("vintage"), max_length=40, blank=True)

    class Meta:
        db_table = "imdi_portal_indicator"
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def name(self) -> str:
        return getattr(self, f"name_{active_language()}") or self.name_en

    @property
    def definition(self) -> str:
        return getattr(self, f"definition_{active_language()}") or self.definition_en

    @property
    def unit_label(self) -> str:
        from imdi_portal.core.figures import unit_label

        return unit_label(self.unit)


class Sex(models.TextChoices):
    TOTAL = "T", _("Total")
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "O", _("Other")


class ObservationStatus(models.TextChoices):
    NORMAL = "", _("Normal value")
    ESTIMATE = "E", _("Estimate")
    PROVISIONAL = "P", _("Provisional")
    BREAK = "B", _("Break in series")
    FORECAST = "F", _("Forecast / projection")
    UNRELIABLE = "U", _("Unreliable")


class ObservationQuerySet(models.QuerySet):
    def for_country(self, country: Country) -> "ObservationQuerySet":
        return self.filter(country=country)

    def of(self, *codes: str) -> "ObservationQuerySet":
        """Values of these indicators. The codes are resolved to ids in a subquery rather than
        a join, so that PostgreSQL plans with the id's own statistics (a join on the code made
        it scan all of a big indicator's rows to return one page)."""
        ids = Indicator.objects.filter(code__in=codes).values("pk")
        if len(codes) == 1:
            return self.filter(indicator_id=models.Subquery(ids[:1]))
        return self.filter(indicator_id__in=ids)


class Observation(models.Model):
    # The fact table is loaded a million rows at a time, so its foreign keys carry neither an
    # index of their own (the composite indexes below and the natural key start with the
    # columns that are queried) nor a database constraint (PostgreSQL would check each
    # row at commit). The importer resolves every code against these tables before it
    # writes, and the ORM still applies on_delete.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    area_code = models.CharField(_("area code"), max_length=8)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    area = models.ForeignKey(
        StatisticalArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    counterpart_code = models.CharField(_("counterpart code"), max_length=8, blank=True)
    counterpart = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # A counterpart outside ISO 3166-1 (Kosovo XKX, Channel Islands): kept, as the World Bank
    # and UN DESA publish it, against the statistical area of that code.
    counterpart_area = models.ForeignKey(
        StatisticalArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # "2019", "2019-Q1" or "2019-03"; `year` repeats the year for range queries.
    period = models.CharField(_("period"), max_length=7)
    year = models.SmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.TOTAL)
    # ILOSTAT's codes are kept as published: age "AGE_YTHADULT_Y15-24"; classification the
    # file's other breakdowns joined by "+", e.g. "ECO_ISIC4_A", "OCU_ISCO08_2",
    # "EDU_ISCED11_3" or "GEO_COV_URB+CUR_TYPE_USD" (see labour_market.ilostat).
    age = models.CharField(_("age group"), max_length=32, blank=True)
    classification = models.CharField(
        _("classification"),
        max_length=64,
        blank=True,
        help_text=_("ILOSTAT breakdown codes, e.g. ECO_ISIC4_A (ISIC Rev.4), OCU_ISCO08_2."),
    )
    value = models.FloatField(_("value"))
    status = models.CharField(
        _("status"), max_length=1, choices=ObservationStatus.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=60)
    vintage = models.CharField(_("vintage"), max_length=40, blank=True)
    import_job = models.ForeignKey(
        "stats.ImportJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        db_table = "imdi_portal_observation"
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator",
                    "area_code",
                    "counterpart_code",
                    "period",
                    "sex",
                    "age",
                    "classification",
                ],
                name="observation_natural_key",
            ),
        ]
        # Rankings and maps (one indicator across areas) use the natural key, which starts with
        # the indicator; every further index slows each import of a million rows.
        indexes = [
            # Country profile and API: one country's series of one indicator, by year.
            models.Index(fields=["country", "indicator", "year"], name="obs_country_ind_year"),
            # Bilateral data (corridors, stocks by origin), seen from the counterpart's side.
            models.Index(
                fields=["counterpart", "indicator"],
                name="obs_counterpart_ind",
                condition=models.Q(counterpart__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.period} = {self.value}"

    @property
    def area_name(self) -> str:
        """The country's name in the active language, or the aggregate's name."""
        if self.country_id:
            return self.country.name
        return self.area.name if self.area_id else self.area_code

    @property
    def counterpart_name(self) -> str:
        """The counterpart country's name, the statistical area's, or "" for a total."""
        if self.counterpart_id:
            return self.counterpart.name
        if self.counterpart_area_id:
            return self.counterpart_area.name
        return self.counterpart_code


class ObservationRevision(models.Model):
    """The previous value of an observation that a later import changed."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    value = models.FloatField()
    status = models.CharField(max_length=1, blank=True)
    vintage = models.CharField(max_length=40, blank=True)
    replaced_by_job = models.ForeignKey(
        "stats.ImportJob", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField()

    class Meta:
        db_table = "imdi_portal_observationrevision"
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.value} until {self.replaced_at:%Y-%m-%d}"


class ObservationStaging(models.Model):
    """Rows of one import on their way in (UNLOGGED on PostgreSQL; emptied after each job).

    Filled by COPY (PostgreSQL) or batched inserts (SQLite) while the file is read, checked with
    set-based SQL, then merged into Observation in one transaction.
    """

    job_id = models.BigIntegerField(db_index=True)
    line = models.IntegerField()
    indicator_code = models.CharField(max_length=60)
    area_code = models.CharField(max_length=8)
    country_id = models.BigIntegerField(null=True)
    area_id = models.BigIntegerField(null=True)
    counterpart_code = models.CharField(max_length=8, blank=True)
    counterpart_id = models.BigIntegerField(null=True)
    counterpart_area_id = models.BigIntegerField(null=True)
    period = models.CharField(max_length=7)
    year = models.SmallIntegerField()
    sex = models.CharField(max_length=1)
    age = models.CharField(max_length=32, blank=True)
    classification = models.CharField(max_length=64, blank=True)
    value = models.FloatField()
    status = models.CharField(max_length=1, blank=True)

    class Meta:
        db_table = "imdi_portal_observationstaging"

    def __str__(self) -> str:
        return f"job {self.job_id} line {self.line}"


class Projection(models.Model):
    """A value projected ahead from an observed annual series; never an observation.

    Kept in its own table so that no query over observations can mix the two. Computed by
    imdi_portal.projections (log-linear trend with a 95 % prediction interval).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(_("area code"), max_length=8)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    counterpart_code = models.CharField(_("counterpart code"), max_length=8, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.TOTAL)
    age = models.CharField(_("age group"), max_length=32, blank=True)
    classification = models.CharField(_("classification"), max_length=64, blank=True)
    year = models.SmallIntegerField(_("year"))
    value = models.FloatField(_("projected value"))
    lower = models.FloatField(_("lower bound (95 %)"))
    upper = models.FloatField(_("upper bound (95 %)"))
    method = models.CharField(_("method"), max_length=120)
    base_first_year = models.SmallIntegerField(_("first observed year used"))
    base_last_year = models.SmallIntegerField(_("last observed year used"))
    base_points = models.SmallIntegerField(_("observed years used"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        db_table = "imdi_portal_projection"
        verbose_name = _("projection")
        verbose_name_plural = _("projections")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator",
                    "area_code",
                    "counterpart_code",
                    "sex",
                    "age",
                    "classification",
                    "year",
                ],
                name="projection_series_year",
            )
        ]
        indexes = [models.Index(fields=["country", "indicator"], name="proj_country_ind")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.year} ≈ {self.value}"

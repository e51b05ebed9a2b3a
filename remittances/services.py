"""Writes of the remittances app."""

from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal

from imdi_portal.core.models import Country
from imdi_portal.stats.importing.base import Counts
from remittances.models import RemittanceService

# The values an import may change; the rest of a row is its key.
SERVICE_VALUES = (
    "firm_type",
    "speed",
    "fee_200",
    "fx_margin_200",
    "total_cost_200",
    "fee_500",
    "fx_margin_500",
    "total_cost_500",
    "transparent",
    "is_sample",
)


@dataclass
class ParsedService:
    """One checked row of the provider-level RPW dataset."""

    line: int
    period: str
    sending: Country
    receiving: Country
    firm: str
    firm_type: str
    product: str
    payment_instrument: str
    access_point: str
    speed: str
    transparent: bool
    is_sample: bool
    fee_200: Decimal | None
    fx_margin_200: Decimal | None
    total_cost_200: Decimal | None
    fee_500: Decimal | None
    fx_margin_500: Decimal | None
    total_cost_500: Decimal | None

    @property
    def key(self) -> tuple:
        return (
            self.period,
            self.sending.pk,
            self.receiving.pk,
            self.firm,
            self.product,
            self.payment_instrument,
            self.access_point,
        )


def _key(service: RemittanceService) -> tuple:
    return (
        service.period,
        service.sending_id,
        service.receiving_id,
        service.firm,
        service.product,
        service.payment_instrument,
        service.access_point,
    )


def remittance_services_save(
    parsed: list[ParsedService],
    *,
    source: str,
    job_id: int | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Counts:
    """Create or update the services of the file (run inside the caller's transaction).

    A service that a later file no longer lists is kept: each quarter is a survey of its own,
    and the World Bank republishes past quarters unchanged."""
    counts = Counts()
    periods = {p.period for p in parsed}
    existing = {_key(s): s for s in RemittanceService.objects.filter(period__in=periods)}
    new, changed = [], []
    names = [f.name for f in fields(ParsedService) if f.name != "line"]
    for done, row in enumerate(parsed, start=1):
        current = existing.get(row.key)
        if current is None:
            new.append(
                RemittanceService(
                    **{name: getattr(row, name) for name in names},
                    source=source if not row.is_sample else "Sample data (IMDI portal)",
                    import_job_id=job_id,
                )
            )
            counts.created += 1
        elif all(getattr(current, name) == getattr(row, name) for name in SERVICE_VALUES):
            counts.unchanged += 1
        else:
            for name in SERVICE_VALUES:
                setattr(current, name, getattr(row, name))
            changed.append(current)
            counts.updated += 1
        if done % 5000 == 0:
            progress(done, len(parsed))
    RemittanceService.objects.bulk_create(new, batch_size=2000)
    RemittanceService.objects.bulk_update(changed, SERVICE_VALUES, batch_size=2000)
    progress(len(parsed), len(parsed))
    return counts

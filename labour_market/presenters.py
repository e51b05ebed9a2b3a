"""Charts of the labour market pages (the figures come from labour_market.selectors)."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from imdi_portal.stats.charts import Series, line_chart


def stock_chart(points: list[tuple[int, float]]) -> SafeString:
    """The country's international migrant stock by year (nothing with fewer than two)."""
    if len(points) < 2:
        return SafeString("")
    return line_chart(
        [Series(_("Immigrants living here"), [(float(y), v) for y, v in points])],
        title=_("International migrant stock, persons"),
        description=_(
            "Line chart of the number of international migrants living in the country, by "
            "year of the UN DESA estimates. The table below gives every value."
        ),
    )

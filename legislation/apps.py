from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = _("Regulatory frameworks")

    def ready(self) -> None:
        from imdi_portal.core.profile import ProfileSection, register_section
        from legislation import (
            importers,  # noqa: F401 - registers the "legislation" source
            search,
        )
        from legislation.selectors import country_section

        search.register()

        def build(country):
            data = country_section(country=country)
            shown = ("regime", "laws", "categories", "agreements")
            return data if any(data[key] for key in shown) else None

        register_section(
            ProfileSection(
                key="permits",
                order=10,
                title=_("Permits and regulatory framework"),
                empty_message=_(
                    "No permit categories or migration laws have been published for this "
                    "country yet. National focal points enter them in IMDI's common "
                    "format of twelve elements."
                ),
                build=build,
                template="legislation/_country_section.html",
                country_joins=("regime",),
                updated=_legislation_updated,
            )
        )


def _legislation_updated(data):
    dates = [c.updated_at for c in data["categories"]]
    if data["regime"] is not None:
        dates.append(data["regime"].updated_at)
    return max(dates, default=None)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from certification import search
        from certification.models import Enterprise, Label, Twinning

        search.register()
        from imdi_portal.core.cache import invalidate_on_save, register_scope
        from imdi_portal.core.profile import ProfileSection, register_section

        # The profile section is cached; a suspension shows at once all the same.
        register_scope("certification")
        invalidate_on_save("certification", [Label, Enterprise, Twinning])

        register_section(
            ProfileSection(
                key="certification",
                order=50,
                title=_("Labelled enterprises and twinnings"),
                template="certification/_country_section.html",
                empty_message=_(
                    "No enterprise in this country holds the IMDI quality label yet, "
                    "and the country takes part in no twinning."
                ),
                build=_country_section,
            )
        )


def _country_section(country):
    from certification.selectors import country_section
    from imdi_portal.core.cache import cached_on_data

    return cached_on_data(
        f"profile-certification:{country.iso3}",
        lambda: country_section(country),
        scope="certification",
    )

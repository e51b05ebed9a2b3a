from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from certification import profile_sections, search
        from certification.models import Enterprise, Label, Twinning
        from imdi_portal.core.cache import invalidate_on_save, register_scope

        register_scope("certification")
        invalidate_on_save("certification", [Label, Enterprise, Twinning])
        profile_sections.register()
        search.register()

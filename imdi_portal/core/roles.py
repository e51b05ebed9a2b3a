"""User roles of the portal, as Django groups, and the permissions each one holds.

ROLE_PERMISSIONS is the one place that says what a role may do. `roles_sync` creates the
groups and grants exactly these permissions; it runs from a data migration and again after
every `migrate` (post_migrate), so permissions of models added by later apps are granted
as soon as those models exist. Object-level rules (a focal point edits only their own
country) are the `can_*` predicates below.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


class Role:
    FOCAL_POINT = "Focal point"
    SUBMITTER = "Submitter"
    SECRETARIAT = "Secretariat"
    TAP_MEMBER = "TAP member"
    CERTIFICATION_OFFICER = "Certification officer"
    AUDITOR = "Auditor"
    VERIFIER = "Verifier"
    EMPLOYMENT_SERVICE = "Employment service"


ROLE_DESCRIPTIONS = {
    Role.FOCAL_POINT: _("National focal point: keeps their own country's entries current."),
    Role.SUBMITTER: _("Submits project proposals for an organisation."),
    Role.SECRETARIAT: _("IMDI Secretariat: runs imports, moderates content, manages accounts."),
    Role.TAP_MEMBER: _("Technical Advisory Panel: reviews and approves projects."),
    Role.CERTIFICATION_OFFICER: _("Runs quality-label applications and assigns auditors."),
    Role.AUDITOR: _("Audits enterprises applying for the quality label."),
    Role.VERIFIER: _(
        "Checks the qualifications and languages of workers applying to vacancies, for an "
        "authorised body."
    ),
    Role.EMPLOYMENT_SERVICE: _(
        "Public employment service of a country: sees the profiles of its nationals who let "
        "it, returning talent first among them."
    ),
}

# "app_label.codename". Permissions of models that do not exist yet are skipped and granted
# by the post_migrate sync once their app has migrated.
# What focal points keep current for their country, and the Secretariat for all.
COUNTRY_ENTRIES = [
    "legislation.view_permitcategory",
    "legislation.add_permitcategory",
    "legislation.change_permitcategory",
    "legislation.view_law",
    "legislation.add_law",
    "legislation.change_law",
    "legislation.view_countryregime",
    "legislation.add_countryregime",
    "legislation.change_countryregime",
    "labour_market.view_shortagelist",
    "labour_market.add_shortagelist",
    "labour_market.change_shortagelist",
    "labour_market.delete_shortagelist",
    "labour_market.view_shortageentry",
    "labour_market.add_shortageentry",
    "labour_market.change_shortageentry",
    "labour_market.delete_shortageentry",
]

# The Twinning Programme, kept by the Secretariat and the Certification officers (with the
# commitments and benefits edited inline).
TWINNINGS = [
    f"certification.{perm}_{model}"
    for model in ("twinningtemplate", "templatecommitment", "twinning", "commitment", "benefit")
    for perm in ("view", "add", "change", "delete")
    if not (perm == "delete" and model in ("twinningtemplate", "twinning"))
]

# Recruitment agencies, their licences and the blacklist (mobility), kept by each country's
# focal point for its own country (mobility.admin) and by the Secretariat for all.
RECRUITERS = [
    f"mobility.{perm}_{model}"
    for model in ("recruitmentagency", "licence", "blacklistentry")
    for perm in ("view", "add", "change")
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.FOCAL_POINT: [
        "imdi_portal.view_country",
        "imdi_portal.view_organisation",
        # Object-level rules (own country only) are in legislation.workflows.
        *COUNTRY_ENTRIES,
        *RECRUITERS,
    ],
    Role.SUBMITTER: ["imdi_portal.view_country", "imdi_portal.view_organisation"],
    Role.SECRETARIAT: [
        "imdi_portal.view_country",
        "imdi_portal.change_country",
        "imdi_portal.view_region",
        "imdi_portal.view_organisation",
        "imdi_portal.add_organisation",
        "imdi_portal.change_organisation",
        "imdi_portal.view_user",
        "imdi_portal.change_user",
        "django_celery_beat.view_periodictask",
        "stats.view_importjob",
        "stats.add_importjob",
        "stats.run_import",
        "stats.view_indicator",
        "stats.change_indicator",
        "stats.view_observation",
        "stats.view_statisticalarea",
        "gateway.view_goodpractice",
        "gateway.change_goodpractice",
        "gateway.view_activity",
        "gateway.change_activity",
        "gateway.view_goodpracticetransition",
        "gateway.view_activitytransition",
        "gateway.view_contact",
        "gateway.add_contact",
        "gateway.change_contact",
        "gateway.view_gcmobjective",
        *COUNTRY_ENTRIES,
        "legislation.view_agreement",
        "legislation.add_agreement",
        "legislation.change_agreement",
        # Projects: screening, TAP decision on the panel's behalf, and the funds.
        "projects.view_proposal",
        "projects.screen_proposal",
        "projects.decide_proposal",
        "projects.manage_funding",
        "projects.view_review",
        "projects.view_contribution",
        "projects.add_contribution",
        "projects.change_contribution",
        "projects.view_allocation",
        "projects.add_allocation",
        "projects.view_disbursement",
        "projects.add_disbursement",
        "projects.view_report",
        *TWINNINGS,
        *RECRUITERS,
        "mobility.view_vacancy",
        "mobility.change_vacancy",
        # The pre-selection criteria agreed per bilateral agreement or Twinning.
        *(f"mobility.{perm}_preselectionitem" for perm in ("view", "add", "change", "delete")),
    ],
    Role.TAP_MEMBER: [
        "imdi_portal.view_country",
        "imdi_portal.view_organisation",
        # Object-level rules (assigned proposals, conflicts of interest) in projects.workflow.
        "projects.view_proposal",
        "projects.decide_proposal",
        "projects.view_review",
        "projects.change_review",
    ],
    Role.CERTIFICATION_OFFICER: [
        "imdi_portal.view_country",
        "imdi_portal.view_organisation",
        # Object-level rules and state moves in certification.workflow / services.
        *(
            f"certification.{perm}_{model}"
            for model in ("principleset", "principle", "principleindicator")
            for perm in ("view", "add", "change")
        ),
        *TWINNINGS,
        "certification.view_enterprise",
        "certification.view_application",
        "certification.view_label",
        "certification.view_complaint",
        "certification.view_auditfinding",
    ],
    Role.AUDITOR: [
        "imdi_portal.view_country",
        "imdi_portal.view_organisation",
        # Assigned applications only (certification.admin).
        "certification.view_application",
        "certification.view_auditfinding",
    ],
    Role.VERIFIER: [
        # Object-level rules (applicants who consented, only) in mobility.permissions.
        "imdi_portal.view_country",
        "imdi_portal.view_organisation",
    ],
    Role.EMPLOYMENT_SERVICE: [
        # Object-level rules (its own nationals who consented, only) in mobility.permissions.
        "imdi_portal.view_country",
    ],
}


def roles_sync(group_model: Any, permission_model: Any) -> None:
    """Create every role group and set its permissions to exactly ROLE_PERMISSIONS."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            found = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)


def has_role(user: Any, role: str) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=role).exists()


def members_of(role: str) -> list[Any]:
    """The active users holding a role, e.g. who hears that an import awaits review."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(groups__name=role, is_active=True).distinct())


def is_secretariat(user: Any) -> bool:
    return has_role(user, Role.SECRETARIAT)


def is_certification_officer(user: Any) -> bool:
    return has_role(user, Role.CERTIFICATION_OFFICER)


def is_focal_point(user: Any) -> bool:
    return has_role(user, Role.FOCAL_POINT)


def is_tap_member(user: Any) -> bool:
    return has_role(user, Role.TAP_MEMBER)


def can_edit_country(user: Any, country: Any) -> tuple[bool, str]:
    """May this user edit the country's own entries? Returns (allowed, reason)."""
    if not user.is_authenticated:
        return False, str(_("Sign in as a focal point to edit this country."))
    if is_secretariat(user):
        return True, ""
    if not is_focal_point(user):
        return False, str(_("Only national focal points and the Secretariat edit country entries."))
    if user.country_id != country.pk:
        return False, str(_("You are the focal point of another country."))
    return True, ""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from certification.api import LabelViewSet, TwinningViewSet
from imdi_portal.core import account_views, views
from imdi_portal.core.api import CountryViewSet
from imdi_portal.core.forms import SignInForm
from imdi_portal.gateway import urls as gateway_urls
from imdi_portal.search import urls as search_urls
from imdi_portal.stats import urls as stats_urls
from labour_market.api import IndustryViewSet, MatchingView, OccupationViewSet, ShortageListViewSet
from legislation.api import AgreementViewSet, PermitCategoryDraftViewSet, PermitCategoryViewSet
from mobility.api import RecruitmentAgencyViewSet, VacancyViewSet
from projects.api import ContributionViewSet, ProjectViewSet, ProposalViewSet
from remittances.api import (
    BilateralViewSet,
    CorridorCostViewSet,
    CostIndicatorViewSet,
    FlowViewSet,
    RemittanceServiceViewSet,
)

MOVED_ADMIN_MODELS = {
    "importjob": "stats",
    "indicator": "stats",
    "observation": "stats",
    "statisticalarea": "stats",
    "activity": "gateway",
    "goodpractice": "gateway",
    "gcmobjective": "gateway",
    "contact": "gateway",
}

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="country")
for prefix, viewset, basename in stats_urls.api_routes:
    router.register(prefix, viewset, basename=basename)
router.register("permit-categories", PermitCategoryViewSet, basename="permit-category")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("occupations", OccupationViewSet, basename="occupation")
router.register("industries", IndustryViewSet, basename="industry")
router.register("shortage-lists", ShortageListViewSet, basename="shortage-list")
router.register("remittance-flows", FlowViewSet, basename="remittance-flow")
router.register("bilateral-remittances", BilateralViewSet, basename="bilateral-remittance")
router.register("corridor-costs", CorridorCostViewSet, basename="corridor-cost")
router.register("remittance-services", RemittanceServiceViewSet, basename="remittance-service")
router.register("remittance-cost-indicators", CostIndicatorViewSet, basename="cost-indicator")
router.register("projects", ProjectViewSet, basename="project")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("labels", LabelViewSet, basename="label")
router.register("twinnings", TwinningViewSet, basename="twinning")
router.register("vacancies", VacancyViewSet, basename="vacancy")
router.register("recruitment-agencies", RecruitmentAgencyViewSet, basename="recruitment-agency")
for prefix, viewset, basename in gateway_urls.api_routes:
    router.register(prefix, viewset, basename=basename)
router.register(
    "permit-category-drafts", PermitCategoryDraftViewSet, basename="permit-category-draft"
)

site_urls = [
    path("", views.home, name="home"),
    path("countries/", views.country_index, name="country-list"),
    path("countries/go/", views.country_go, name="country-go"),
    path("language/", views.switch_language, name="switch-language"),
    path("countries/<str:iso3>/", views.country_detail, name="country-detail"),
    *stats_urls.site_urls,
    *search_urls.site_urls,
    *gateway_urls.site_urls,
]

urlpatterns = [
    path("", include((site_urls, "imdi_portal"))),
    path("legislation/", include("legislation.urls")),
    path("labour-market/", include("labour_market.urls")),
    path("remittances/", include("remittances.urls")),
    path("projects/", include("projects.urls")),
    path("certification/", include("certification.urls")),
    path("mobility/", include("mobility.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Models that left the core app: their old admin addresses redirect to the new ones.
    *[
        re_path(
            rf"^admin/imdi_portal/(?P<model>{model})/(?P<rest>.*)$",
            views.moved_admin_page,
            {"label": label},
        )
        for model, label in MOVED_ADMIN_MODELS.items()
    ],
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", account_views.signup, name="signup"),
    path(
        "accounts/confirm/<str:uidb64>/<str:token>/",
        account_views.signup_confirm,
        name="signup-confirm",
    ),
    path("api/v1/matching/", MatchingView.as_view(), name="api-matching"),
    *search_urls.api_urls,
    path("api/v1/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The Swagger UI page loads its start-up script from a URL, not inline.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Redoc's bundle injects its own <style> elements and runs a web worker from a blob.
    path(
        "api/redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="schema")
        ),
        name="api-redoc",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "imdi_portal.core.views.not_found"
handler500 = "imdi_portal.core.views.server_error"

from django.urls import path

from mobility import application_views, service_views, views

app_name = "mobility"

urlpatterns = [
    path("", views.vacancy_list, name="vacancies"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/blacklist/", views.blacklist, name="blacklist"),
    path("register/", views.register, name="register"),
    path("register/confirm/<str:uidb64>/<str:token>/", views.confirm, name="confirm"),
    path("me/", views.my_profile, name="my-profile"),
    path("me/qualifications/", views.qualification_add, name="qualification-add"),
    path(
        "me/qualifications/<int:pk>/remove/",
        views.qualification_remove,
        name="qualification-remove",
    ),
    path("me/documents/<uuid:token>/", views.document, name="document"),
    path("me/consents/", views.consent, name="consent"),
    path("me/export/", views.export, name="export"),
    path("me/delete/", views.delete, name="delete"),
    path("me/vacancies/", views.my_vacancies, name="my-vacancies"),
    path("agency/", views.agency_home, name="agency"),
    path("agency/vacancies/new/", views.vacancy_new, name="vacancy-new"),
    path("agency/vacancies/<int:pk>/candidates/", views.candidates, name="candidates"),
    path(
        "agency/vacancies/<int:pk>/candidates/<uuid:reference>/",
        views.candidate,
        name="candidate",
    ),
    path(
        "agency/vacancies/<int:pk>/candidates/<uuid:reference>/shortlist/",
        application_views.shortlist,
        name="candidate-shortlist",
    ),
    path(
        "agency/vacancies/<int:pk>/applications/",
        application_views.vacancy_applications,
        name="vacancy-applications",
    ),
    path("agency/applications/<int:pk>/", application_views.application_detail, name="application"),
    path(
        "agency/applications/<int:pk>/move/",
        application_views.application_move,
        name="application-move",
    ),
    path(
        "agency/applications/<int:pk>/checklist/<int:item>/",
        application_views.checklist_tick,
        name="application-tick",
    ),
    path(
        "agency/applications/<int:pk>/steps/",
        application_views.preparation_step,
        name="application-step-add",
    ),
    path(
        "agency/applications/<int:pk>/steps/<int:step>/",
        application_views.preparation_step,
        name="application-step",
    ),
    path("me/applications/", application_views.my_applications, name="my-applications"),
    path(
        "me/applications/<int:pk>/move/",
        application_views.my_application_move,
        name="my-application-move",
    ),
    path("verify/", application_views.verify_queue, name="verify"),
    path("service/", service_views.service_home, name="service"),
    path(
        "service/profiles/<uuid:reference>/", service_views.service_profile, name="service-profile"
    ),
    path(
        "verify/applications/<int:pk>/",
        application_views.verify_application,
        name="verify-application",
    ),
]

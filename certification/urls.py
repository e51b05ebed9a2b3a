from django.urls import path

from certification import application_views, views

app_name = "certification"

urlpatterns = [
    path("", views.index, name="index"),
    path("registry/", views.registry_page, name="registry"),
    path("registry/<slug:slug>/", views.enterprise_page, name="enterprise"),
    path("labels/<str:number>/", views.label_page, name="label"),
    path("verify/", views.verify, name="verify"),
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/false-claim/", views.complaint_false_claim, name="complaint-false-claim"),
    path("twinnings/", views.twinnings, name="twinnings"),
    path("twinnings/<slug:slug>/", views.twinning_page, name="twinning"),
    path("applications/", application_views.application_list, name="applications"),
    path("applications/enterprise/", application_views.enterprise_edit, name="enterprise-edit"),
    path("applications/new/", application_views.application_new, name="application-new"),
    path("applications/<int:pk>/", application_views.application_detail, name="application"),
    path(
        "applications/<int:pk>/evidence/",
        application_views.evidence_upload,
        name="evidence-upload",
    ),
    path(
        "applications/<int:pk>/<slug:action>/",
        application_views.application_action,
        name="application-action",
    ),
    path("evidence/<uuid:token>/", application_views.evidence_download, name="evidence"),
]

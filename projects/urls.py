from django.urls import path

from projects import proposal_views, views

app_name = "projects"

urlpatterns = [
    path("", views.project_index, name="project-list"),
    path("iati-activities.xml", views.iati_export, name="iati"),
    path("donors/", views.donor_index, name="donor-list"),
    path("donors/<slug:slug>/", views.donor_detail, name="donor-detail"),
    path("proposals/", proposal_views.proposal_list, name="proposal-list"),
    path("proposals/new/", proposal_views.proposal_new, name="proposal-new"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal-detail"),
    path(
        "proposals/<int:pk>/edit/<slug:step>/", proposal_views.proposal_edit, name="proposal-edit"
    ),
    path("proposals/<int:pk>/submit/", proposal_views.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/endorse/", proposal_views.proposal_endorse, name="proposal-endorse"),
    path("proposals/<int:pk>/report/", proposal_views.report_new, name="report-new"),
    path("attachments/<uuid:token>/", proposal_views.attachment_download, name="attachment"),
    path(
        "attachments/<uuid:token>/delete/",
        proposal_views.attachment_delete,
        name="attachment-delete",
    ),
    path("notifications/", proposal_views.notification_list, name="notifications"),
    path("<str:reference>/", views.project_detail, name="project-detail"),
]

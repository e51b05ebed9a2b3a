from django.urls import path

from legislation import manage_views, views

app_name = "legislation"

urlpatterns = [
    path("", views.category_index, name="category-list"),
    # The editor comes before <iso3>/ so that "manage" is never read as a country code.
    path("manage/", manage_views.manage_list, name="manage-list"),
    path("manage/new/", manage_views.manage_new, name="manage-new"),
    path("manage/<int:pk>/", manage_views.manage_edit, name="manage-edit"),
    path("manage/<int:pk>/<slug:action>/", manage_views.manage_action, name="manage-action"),
    path("<str:iso3>/", views.country_categories, name="country"),
    path("<str:iso3>/<slug:slug>/", views.category_detail, name="category-detail"),
    path("<str:iso3>/<slug:slug>/changes/", views.category_changes, name="category-changes"),
]

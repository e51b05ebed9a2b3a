from django.urls import path

from legislation import manage_views, views
from legislation.feeds import ChangesFeed

app_name = "legislation"

urlpatterns = [
    path("", views.category_index, name="category-list"),
    # Fixed words come before <iso3>/ so that none of them is read as a country code.
    path("feed/", ChangesFeed(), name="feed"),
    path("compare/", views.compare, name="compare"),
    path("finder/", views.finder, name="finder"),
    path("search/", views.search, name="search"),
    path("format/", views.format_page, name="format"),
    path("format/template.<slug:fmt>", views.format_template, name="format-template"),
    path("manage/", manage_views.manage_list, name="manage-list"),
    path("manage/new/", manage_views.manage_new, name="manage-new"),
    path("manage/<int:pk>/", manage_views.manage_edit, name="manage-edit"),
    path("manage/<int:pk>/<slug:action>/", manage_views.manage_action, name="manage-action"),
    path("<str:iso3>/", views.country_categories, name="country"),
    path("<str:iso3>/feed/", ChangesFeed(), name="country-feed"),
    path("<str:iso3>/export.<slug:fmt>", views.country_export, name="country-export"),
    path("<str:iso3>/<slug:slug>/", views.category_detail, name="category-detail"),
    path("<str:iso3>/<slug:slug>/changes/", views.category_changes, name="category-changes"),
]

from django.urls import path

from legislation import views

app_name = "legislation"

urlpatterns = [
    path("", views.category_index, name="category-list"),
    path("<str:iso3>/", views.country_categories, name="country"),
    path("<str:iso3>/<slug:slug>/", views.category_detail, name="category-detail"),
    path("<str:iso3>/<slug:slug>/changes/", views.category_changes, name="category-changes"),
]

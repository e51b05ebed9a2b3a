from django.urls import path

from labour_market import views

app_name = "labour_market"

urlpatterns = [
    path("", views.index, name="index"),
    path("shortage-lists/", views.shortage_index, name="shortage-list"),
    path("shortage-lists/<int:pk>/", views.shortage_detail, name="shortage-detail"),
    path("matching/", views.matching, name="matching"),
    path("bilateral/<str:origin>/<str:destination>/", views.bilateral_page, name="bilateral"),
    path("occupations/", views.occupation_index, name="occupation-list"),
    path("occupations/<str:code>/", views.occupation_detail, name="occupation-detail"),
    path("activities/", views.industry_index, name="industry-list"),
    path("activities/<str:code>/", views.industry_detail, name="industry-detail"),
]

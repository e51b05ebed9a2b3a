from django.urls import path

from labour_market import views

app_name = "labour_market"

urlpatterns = [
    path("occupations/", views.occupation_index, name="occupation-list"),
    path("occupations/<str:code>/", views.occupation_detail, name="occupation-detail"),
]

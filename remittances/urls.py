from django.urls import path

from remittances import views

app_name = "remittances"

urlpatterns = [
    path("", views.index, name="index"),
    path("corridors/", views.corridors, name="corridor-list"),
    path("corridors/<str:sending>/<str:receiving>/", views.corridor, name="corridor"),
    path("compare/", views.comparator, name="compare"),
    path("sdg-10c/", views.sdg, name="sdg"),
    path("flows/", views.flows, name="flows"),
]

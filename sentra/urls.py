from django.urls import path

from . import views

app_name = "sentra"
urlpatterns = [
    path("progres/", views.ProgressView.as_view(), name="progres"),
]

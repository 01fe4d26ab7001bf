from django.urls import path

from produk import report_views

from . import views

app_name = "sentra"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("kecamatan/", views.KecamatanListView.as_view(), name="kecamatan-list"),
    path("kecamatan/<slug:slug>/", views.KecamatanDetailView.as_view(), name="kecamatan-detail"),
    path("sentra/<slug:slug>/", views.SentraDetailView.as_view(), name="detail"),
    path("tenan/<slug:slug>/", views.TenantDetailView.as_view(), name="tenant-detail"),
    path("tenan/<slug:slug>/laporkan/", report_views.report_tenant, name="tenant-report"),
    path("kuliner/", views.KulinerView.as_view(), name="kuliner"),
    path("progres/", views.ProgresView.as_view(), name="progres"),
]

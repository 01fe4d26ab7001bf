from django.urls import path

from . import report_views, views

app_name = "produk"
urlpatterns = [
    path("produk/", views.ProductListView.as_view(), name="list"),
    path("produk/<slug:slug>/", views.ProductDetailView.as_view(), name="detail"),
    path("produk/<slug:slug>/laporkan/", report_views.report_product, name="report"),
    path("tenan/<slug:slug>/", views.TenantDetailView.as_view(), name="tenant"),
    path("tenan/<slug:slug>/laporkan/", report_views.report_tenant, name="tenant-report"),
]

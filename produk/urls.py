from django.urls import path

from . import report_views, views

app_name = "produk"
urlpatterns = [
    path("", views.ProductListView.as_view(), name="list"),
    path("<slug:slug>/", views.ProductDetailView.as_view(), name="detail"),
    path("<slug:slug>/laporkan/", report_views.report_product, name="report"),
]

from django.views.generic import DetailView

from .models import Product


class ProductDetailView(DetailView):
    queryset = Product.objects.for_listing()

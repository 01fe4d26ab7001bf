from django.contrib import admin

from .models import Category, Product


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "tenant",
        "category",
        "price",
        "is_flagship",
        "is_halal",
        "is_available",
    ]
    list_filter = [
        "category",
        "is_flagship",
        "is_halal",
        "is_available",
        "tenant__sentra__kecamatan",
    ]
    search_fields = ["name", "tenant__name"]
    list_select_related = ["tenant", "category"]
    autocomplete_fields = ["tenant"]
    prepopulated_fields = {"slug": ["name"]}

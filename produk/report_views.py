"""Visitors report a problem with a public tenant's or product's page ("Laporkan masalah")."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from balikpapan_umkm.client_ip import client_ip
from produk.models import Tenant

from .models import Product, Report
from .reports import (
    ALREADY_SENT_MESSAGE,
    RATE_LIMIT_MESSAGE,
    ReportForm,
    claim_token,
    is_rate_limited,
)


@require_http_methods(["GET", "HEAD", "POST"])
def report_tenant(request, slug):
    tenant = get_object_or_404(Tenant.objects.public().for_listing(), slug=slug)
    return _report(request, tenant)


@require_http_methods(["GET", "HEAD", "POST"])
def report_product(request, slug):
    product = get_object_or_404(Product.objects.findable().for_listing(), slug=slug)
    return _report(request, product)


def _report(request, target):
    """Show the form; save a sound report and go back to the page it is about."""
    if request.method != "POST":
        return _render(request, target, ReportForm(target=target))

    form = ReportForm(request.POST, target=target)
    is_valid = form.is_valid()
    if form.refusal:
        return _render(request, target, _fresh_copy(form), refusal=form.refusal, status=400)
    ip_hash = Report.hash_ip(client_ip(request))
    if is_rate_limited(ip_hash):
        return _render(request, target, _fresh_copy(form), refusal=RATE_LIMIT_MESSAGE, status=429)
    if not is_valid:
        return _render(request, target, form, status=400)
    if not claim_token(form.cleaned_data["token"]):
        return _render(request, target, _fresh_copy(form), refusal=ALREADY_SENT_MESSAGE, status=409)

    report = form.save(commit=False)
    report.reporter_ip_hash = ip_hash
    report.save()
    messages.success(request, _("Thank you, the UMKM office will check your report."))
    return redirect(target)


def _fresh_copy(form):
    """A new form with a new token, keeping what the visitor typed."""
    kept = {
        name: str(form.data.get(form.add_prefix(name), ""))[:2000]
        for name in ("kind", "message", "contact")
    }
    return ReportForm(target=form.target, initial=kept)


def _render(request, target, form, *, refusal="", status=200):
    product = target if isinstance(target, Product) else None
    context = {
        "target": target,
        "product": product,
        "tenant": product.tenant if product else target,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "produk/report_form.html", context, status=status)

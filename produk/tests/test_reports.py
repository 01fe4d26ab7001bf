"""Visitors report a problem with a tenant's or a product's page; Kurator handle the queue."""

import re
import time
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import IntegrityError, transaction

from produk import reports
from produk.curation import Curation
from produk.models import Product, Report, Tenant

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

TENANT = "kepiting-saus-klandasan"
PRODUCT = "kepiting-saus-padang-kepiting-saus-klandasan"
SPAM = "Your report could not be accepted. What you typed is kept below: please send it again."
STALE = "This form was open for more than a day."


@pytest.fixture
def tenant(demo_data):
    return Tenant.objects.get(slug=TENANT)


@pytest.fixture
def product(demo_data):
    return Product.objects.get(slug=PRODUCT)


def report_url(target):
    if isinstance(target, Product):
        return f"/en/produk/{target.slug}/laporkan/"
    return f"/en/tenan/{target.slug}/laporkan/"


def token_for(target, seconds_ago=10):
    """A form token as if the page had been loaded `seconds_ago` seconds ago."""
    with mock.patch("time.time", return_value=time.time() - seconds_ago):
        return reports.make_token(target)


def post_report(client, target, *, token=None, ip="203.0.113.7", headers=None, **fields):
    """Send the form as a person would, 10 seconds after loading it."""
    data = {"kind": "wrong_price", "message": "", "contact": "", "website": ""}
    data["token"] = token_for(target) if token is None else token
    data.update(fields)
    return client.post(report_url(target), data, REMOTE_ADDR=ip, **(headers or {}))


# --- The link and the form -----------------------------------------------------


def test_tenant_and_product_pages_link_to_the_report_form(client, tenant, product):
    tenant_page = client.get(f"/en/tenan/{TENANT}/").content.decode()
    assert f'href="/en/tenan/{TENANT}/laporkan/">Report a problem</a>' in tenant_page
    product_page = client.get(f"/en/produk/{PRODUCT}/").content.decode()
    assert f'href="/en/produk/{PRODUCT}/laporkan/">Report a problem</a>' in product_page


def test_the_indonesian_pages_link_to_the_indonesian_form(client, tenant):
    page = client.get(f"/tenan/{TENANT}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f'href="/tenan/{TENANT}/laporkan/">Laporkan masalah</a>' in page


@pytest.mark.parametrize("which", ["tenant", "product"])
def test_the_form_asks_what_is_wrong_with_a_label_for_every_field(client, request, which):
    target = request.getfixturevalue(which)
    response = client.get(report_url(target))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Report a problem</h1>" in page
    assert target.name in page
    for kind in Report.Kind.values:
        assert f'value="{kind}"' in page
    for field in ["message", "contact", "website"]:
        assert f'for="id_{field}"' in page
    assert 'name="token"' in page


@pytest.mark.parametrize("which", ["tenant", "product"])
def test_the_form_takes_one_query_and_the_footers_date(
    client, request, which, django_assert_num_queries
):
    target = request.getfixturevalue(which)
    # the target with its centre and district (a product: also its category and tenant);
    # the footer's "last updated" date (once per page cache generation; here, with the
    # page cache off, every time)
    with django_assert_num_queries(2):
        client.get(report_url(target))


def test_the_honeypot_is_hidden_by_a_class_and_out_of_the_tab_order(client, tenant):
    page = client.get(report_url(tenant)).content.decode()
    trap = re.search(r'<div class="field report-trap">(.*?)</div>', page, re.S).group(1)
    assert "Leave this field empty" in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", page)


def test_the_english_form_works_under_en(client, tenant):
    response = client.get(f"/en/tenan/{TENANT}/laporkan/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_the_indonesian_form_speaks_indonesian(client, tenant):
    response = client.get(f"/tenan/{TENANT}/laporkan/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert "Laporkan masalah" in response.content.decode()


# --- A sound report ------------------------------------------------------------------


def test_a_report_is_saved_with_its_target_and_a_hash_of_the_address(client, tenant):
    response = post_report(
        client, tenant, kind="closed", contact="Budi, 0812 0000 1111", ip="203.0.113.7"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/tenan/{TENANT}/"
    report = Report.objects.get()
    assert report.tenant == tenant
    assert report.product is None
    assert report.target == tenant
    assert report.kind == Report.Kind.CLOSED
    assert report.contact == "Budi, 0812 0000 1111"
    assert report.status == Report.Status.NEW
    assert report.reporter_ip_hash == Report.hash_ip("203.0.113.7")
    assert len(report.reporter_ip_hash) == 64
    assert "203.0.113.7" not in report.reporter_ip_hash
    assert report.handled_by is None
    assert report.handled_at is None


def test_after_a_report_the_page_thanks_the_visitor(client, product):
    response = post_report(client, product, kind="wrong_price", message="Now Rp 50.000")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Thank you, the UMKM office will check your report." in page
    report = Report.objects.get()
    assert report.product == product
    assert report.tenant is None
    assert report.message == "Now Rp 50.000"


def test_the_thanks_come_in_indonesian_on_the_indonesian_site(client, tenant):
    url = f"/tenan/{TENANT}/laporkan/"
    data = {"kind": "closed", "token": token_for(tenant)}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="id")
    assert response["Location"] == f"/tenan/{TENANT}/"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Terima kasih" in page


def test_a_person_who_answers_at_once_is_welcome(client, tenant):
    response = post_report(client, tenant, token=reports.make_token(tenant))
    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_the_same_address_always_hashes_alike_and_other_addresses_differently():
    assert Report.hash_ip("203.0.113.7") == Report.hash_ip("203.0.113.7")
    assert Report.hash_ip("203.0.113.7") != Report.hash_ip("203.0.113.8")


def test_the_hash_depends_on_the_secret_key(settings):
    before = Report.hash_ip("203.0.113.7")
    settings.SECRET_KEY = "another secret key for this test only, long enough to be fine"
    assert Report.hash_ip("203.0.113.7") != before


# --- Mistakes people make ------------------------------------------------------------


def test_something_else_needs_a_description_and_keeps_what_was_typed(client, tenant):
    response = post_report(client, tenant, kind="other", message="  ", contact="siti@example.com")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Describe the problem in a few words." in page
    assert 'id="id_message_error"' in page
    assert 'value="siti@example.com"' in page
    assert re.search(r'value="other"[^>]*checked', page)
    assert not Report.objects.exists()


def test_choosing_no_problem_is_an_error_not_a_crash(client, tenant):
    response = post_report(client, tenant, kind="")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Report.objects.exists()


def test_an_unknown_kind_is_an_error(client, tenant):
    response = post_report(client, tenant, kind="drop table")
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"message": "a" * 100_000},
        {"contact": "b" * 100_000},
        {"message": "nul\x00byte"},
        {"contact": "nul\x00byte"},
        {"kind": "other\x00"},
        {"website": "\x00"},
        {"token": "\x00"},
        {"token": "x" * 100_000},
        {"token": "::::"},
        {"token": "not:a:token:at:all"},
    ],
)
def test_bad_input_is_refused_never_a_server_error(client, tenant, fields):
    response = post_report(client, tenant, **fields)
    assert 400 <= response.status_code < 500
    assert not Report.objects.exists()


def test_a_message_of_1000_characters_is_fine(client, tenant):
    response = post_report(client, tenant, kind="other", message="a" * 1000)
    assert response.status_code == 302
    assert len(Report.objects.get().message) == 1000


# --- Bots -------------------------------------------------------------------------------


def test_a_filled_in_honeypot_is_refused(client, tenant):
    response = post_report(client, tenant, website="https://spam.example")
    assert response.status_code == 400
    assert SPAM in response.content.decode()
    assert not Report.objects.exists()


def test_a_form_from_a_stale_page_is_refused_and_says_what_to_do(client, tenant):
    stale = token_for(tenant, seconds_ago=25 * 60 * 60)
    response = post_report(client, tenant, token=stale, message="Harga naik")
    assert response.status_code == 400
    page = response.content.decode()
    assert STALE in page
    assert "Harga naik" in page
    assert not Report.objects.exists()


def test_a_form_sent_twice_is_saved_once(client, tenant):
    token = token_for(tenant)
    assert post_report(client, tenant, token=token).status_code == 302
    again = post_report(client, tenant, token=token, message="Kirim ulang")
    assert again.status_code == 409
    assert "This report was already sent" in again.content.decode()
    assert "Kirim ulang" in again.content.decode()
    assert Report.objects.count() == 1


def test_every_form_gets_its_own_token(tenant):
    assert reports.make_token(tenant) != reports.make_token(tenant)


def test_used_tokens_are_kept_in_a_cache_that_all_app_servers_share(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.rsplit(".", 1)[-1] in {"DatabaseCache", "RedisCache"}


def test_a_missing_token_is_refused(client, tenant):
    response = client.post(report_url(tenant), {"kind": "closed", "message": "Sudah tutup"})
    assert response.status_code == 400
    assert SPAM in response.content.decode()
    assert "Sudah tutup" in response.content.decode()
    assert not Report.objects.exists()


def test_a_tampered_token_is_refused(client, tenant):
    value, stamp, signature = token_for(tenant).rsplit(":", 2)
    earlier = reports.signing.b62_encode(reports.signing.b62_decode(stamp) - 60)
    tampered = [
        f"{value}:{earlier}:{signature}",  # made to look older than it is
        f"sentra.tenant:{tenant.pk + 1}:{stamp}:{signature}",  # moved to another tenant
        f"{value}:{stamp}:{signature[:-3]}",  # a damaged signature
    ]
    for token in tampered:
        response = post_report(client, tenant, token=token)
        assert response.status_code == 400, token
    assert not Report.objects.exists()


def test_a_token_for_another_page_is_refused(client, tenant, product):
    response = post_report(client, tenant, token=token_for(product))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_refused_form_keeps_what_was_typed_with_a_new_token(client, tenant):
    old_token = token_for(tenant, seconds_ago=25 * 60 * 60)
    response = post_report(client, tenant, token=old_token, message="Tutup sejak Mei")
    page = response.content.decode()
    assert "Tutup sejak Mei" in page
    new_token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert new_token != old_token


def test_the_sixth_report_from_one_address_within_the_hour_is_refused(client, tenant, product):
    for target in [tenant, product, tenant, product, tenant]:
        assert post_report(client, target, ip="198.51.100.1").status_code == 302
    response = post_report(client, product, ip="198.51.100.1")
    assert response.status_code == 429
    assert "Too many reports" in response.content.decode()
    assert Report.objects.count() == 5
    # Another address is not affected.
    assert post_report(client, product, ip="198.51.100.2").status_code == 302


def test_the_limit_holds_whichever_app_server_answers(client, tenant, monkeypatch):
    monkeypatch.setattr(reports, "RATE_LIMIT", 2)
    for _ in range(2):
        assert post_report(client, tenant, ip="198.51.100.1").status_code == 302
        cache.clear()  # the next request lands on a process that remembers nothing
    response = post_report(client, tenant, ip="198.51.100.1", message="Ketiga")
    assert response.status_code == 429
    assert "Ketiga" in response.content.decode()
    assert "please send it again in an hour" in response.content.decode()


def test_the_rate_limit_is_a_setting_tests_can_change(client, tenant, monkeypatch):
    monkeypatch.setattr(reports, "RATE_LIMIT", 1)
    assert post_report(client, tenant).status_code == 302
    assert post_report(client, tenant).status_code == 429


def test_refused_reports_do_not_count_against_the_limit(client, tenant, monkeypatch):
    monkeypatch.setattr(reports, "RATE_LIMIT", 1)
    assert post_report(client, tenant, kind="other").status_code == 400
    assert post_report(client, tenant, website="x").status_code == 400
    assert post_report(client, tenant).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, tenant, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forwarded = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}  # the first one is forged
    response = post_report(client, tenant, ip="10.0.0.1", headers=forwarded)
    assert response.status_code == 302
    assert Report.objects.get().reporter_ip_hash == Report.hash_ip("203.0.113.9")


# --- What can be reported -------------------------------------------------------------


def test_a_draft_tenant_or_product_cannot_be_reported(client, demo_data):
    draft_product = ProductFactory(curation_status=Curation.DRAFT)
    draft_tenant = draft_product.tenant
    Tenant.objects.filter(pk=draft_tenant.pk).update(curation_status=Curation.DRAFT)
    assert client.get(report_url(draft_tenant)).status_code == 404
    assert post_report(client, draft_tenant).status_code == 404
    assert client.get(report_url(draft_product)).status_code == 404
    assert post_report(client, draft_product).status_code == 404
    assert not Report.objects.exists()


def test_an_unknown_page_cannot_be_reported(client, db):
    assert client.get("/en/tenan/no-such-tenant/laporkan/").status_code == 404
    assert client.get("/en/produk/no-such-product/laporkan/").status_code == 404


def test_other_methods_are_not_allowed(client, tenant):
    assert client.put(report_url(tenant)).status_code == 405


# --- The model holds the rules --------------------------------------------------------


def test_a_report_is_about_exactly_one_tenant_or_product(tenant, product):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(tenant=tenant, product=product, kind="closed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(kind="closed")


def test_the_database_refuses_unknown_kinds_and_statuses(tenant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(tenant=tenant, kind="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(tenant=tenant, kind="closed", status="lost")


def test_something_else_without_a_message_is_refused_by_the_database(tenant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(tenant=tenant, kind="other", message="")


# --- The queue in the back office -----------------------------------------------------


def test_the_kurator_group_holds_the_report_permissions(db):
    kurator = Group.objects.get(name="Kurator")
    held = set(kurator.permissions.values_list("content_type__app_label", "codename"))
    assert {("produk", "view_report"), ("produk", "change_report")} <= held
    assert ("produk", "delete_report") not in held


def test_a_kurator_sees_the_report_in_the_queue(client, tenant, kurator):
    Report.objects.create(tenant=tenant, kind="other", message="Pindah ke lapak B-12")
    client.force_login(kurator)
    response = client.get("/admin/produk/report/")
    assert response.status_code == 200
    page = response.content.decode()
    assert tenant.name in page
    assert client.get("/admin/produk/report/?q=Pindah").status_code == 200


def test_a_centre_manager_cannot_see_the_queue(client, tenant, manager_of_pujasera):
    Report.objects.create(tenant=tenant, kind="closed")  # a tenant of the manager's own centre
    assert tenant.sentra.slug == "pujasera-contoh-klandasan"
    client.force_login(manager_of_pujasera)
    assert client.get("/admin/produk/report/").status_code == 403


def test_a_kurator_marks_reports_resolved_and_is_recorded_as_handling_them(client, tenant, kurator):
    report = Report.objects.create(tenant=tenant, kind="closed")
    client.force_login(kurator)
    response = client.post(
        "/admin/produk/report/",
        {"action": "mark_resolved", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED
    assert report.handled_by == kurator
    assert report.handled_at is not None


def test_changing_the_status_records_who_and_when_but_not_the_visitors_words(
    client, product, kurator
):
    report = Report.objects.create(product=product, kind="wrong_price", message="Rp 1")
    client.force_login(kurator)
    form = client.get(f"/admin/produk/report/{report.pk}/change/").content.decode()
    assert f'href="{product.get_absolute_url()}"' in form  # the page reported, to check it
    assert 'name="message"' not in form  # the visitor's words are read-only
    response = client.post(
        f"/admin/produk/report/{report.pk}/change/",
        {"status": "in_progress", "staff_note": "Called the seller", "message": "changed"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS
    assert report.staff_note == "Called the seller"
    assert report.message == "Rp 1"
    assert report.handled_by == kurator
    assert report.handled_at is not None


def test_nobody_adds_reports_in_the_back_office(client):
    client.force_login(User.objects.create_superuser("root", password="unused"))
    assert client.get("/admin/produk/report/add/").status_code == 403

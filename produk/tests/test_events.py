"""Events: their rules (in the database and in forms), their places, and their order in time."""

import datetime
import zoneinfo
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from produk.models import Event, EventParticipant
from produk.tests.factories import EventFactory, ProductFactory, TenantFactory
from sentra.tests.factories import KecamatanFactory, SentraFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=WITA)


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are read in their source language, whatever the catalogues say."""
    with translation.override("en"):
        yield


def refused_by_the_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def errors_of(instance):
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return raised.value.message_dict


class TestWhen:
    def test_an_end_before_the_start_is_refused_by_the_form_and_the_database(self):
        event = EventFactory.build(
            sentra=SentraFactory(),
            starts_at=NOW,
            ends_at=NOW - datetime.timedelta(minutes=1),
        )
        assert errors_of(event)["ends_at"] == ["The event cannot end before it starts."]
        refused_by_the_database(event.save)

    def test_an_event_may_end_the_moment_it_starts(self):
        event = EventFactory(starts_at=NOW, ends_at=NOW)
        event.full_clean()
        assert event.is_one_day

    def test_one_day_is_judged_on_balikpapan_time(self):
        # 23:00 to 01:00 WITA crosses midnight in Balikpapan (not in UTC: 15:00 to 17:00).
        evening = datetime.datetime(2026, 3, 10, 23, 0, tzinfo=WITA)
        event = EventFactory.build(starts_at=evening, ends_at=evening + datetime.timedelta(hours=2))
        assert not event.is_one_day


class TestPlace:
    def test_an_event_at_a_centre_is_shown_at_the_centres_place(self):
        centre = SentraFactory(
            address="Jl. Uji 1", latitude=Decimal("-1.27"), longitude=Decimal("116.83")
        )
        event = EventFactory(sentra=centre)
        assert event.place == centre
        assert event.district == centre.kecamatan

    def test_an_event_at_an_address_has_its_own_place_with_the_district_named(self):
        district = KecamatanFactory(name="Balikpapan Kota")
        event = EventFactory(
            sentra=None,
            address="Lapangan Uji",
            kecamatan=district,
            latitude=Decimal("-1.2778"),
            longitude=Decimal("116.8275"),
        )
        event.full_clean()
        assert event.place.name == "Lapangan Uji"
        assert event.place.full_address == "Lapangan Uji, Balikpapan Kota"
        assert event.place.has_location
        assert event.district == district

    def test_both_a_centre_and_an_address_are_refused(self):
        event = EventFactory.build(
            sentra=SentraFactory(), address="Lapangan Uji", kecamatan=KecamatanFactory()
        )
        assert "address" in errors_of(event)
        refused_by_the_database(event.save)

    def test_a_centre_with_a_point_of_its_own_is_refused(self):
        event = EventFactory.build(
            sentra=SentraFactory(), latitude=Decimal("-1.27"), longitude=Decimal("116.83")
        )
        assert "address" in errors_of(event)
        refused_by_the_database(event.save)

    def test_neither_a_centre_nor_an_address_is_refused(self):
        event = EventFactory.build(sentra=None)
        assert errors_of(event)["sentra"] == [
            "Choose the centre where the event is held, or give its address."
        ]
        refused_by_the_database(event.save)

    def test_an_address_needs_its_district(self):
        event = EventFactory.build(sentra=None, address="Lapangan Uji")
        assert "kecamatan" in errors_of(event)
        refused_by_the_database(event.save)

    def test_a_point_is_checked_like_a_centres(self):
        event = EventFactory.build(
            sentra=None,
            address="Lapangan Uji",
            kecamatan=KecamatanFactory(),
            latitude=Decimal("1.27"),  # the minus sign lost: north of the equator
            longitude=Decimal("116.83"),
        )
        assert "not in Balikpapan" in errors_of(event)["latitude"][0]

    def test_half_a_point_is_refused_by_the_form_and_the_database(self):
        event = EventFactory.build(
            sentra=None,
            address="Lapangan Uji",
            kecamatan=KecamatanFactory(),
            latitude=Decimal("-1.27"),
        )
        assert "longitude" in errors_of(event)
        refused_by_the_database(event.save)


class TestOtherRules:
    @pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.org/daftar"])
    def test_a_registration_link_is_a_web_address(self, link):
        event = EventFactory.build(sentra=SentraFactory(), registration_url=link)
        assert "registration_url" in errors_of(event)
        refused_by_the_database(event.save)

    def test_an_unknown_kind_is_refused_by_the_database(self):
        refused_by_the_database(lambda: EventFactory(kind="karnaval"))

    def test_the_slug_comes_from_the_title_and_stays_unique(self):
        first = EventFactory(title="Bazar Ramadan")
        second = EventFactory(title="Bazar Ramadan")
        assert (first.slug, second.slug) == ("bazar-ramadan", "bazar-ramadan-2")
        assert first.get_absolute_url() == "/en/acara/bazar-ramadan/"


class TestParticipants:
    def test_an_entry_is_a_tenant_or_a_product_never_both_nor_neither(self):
        event = EventFactory()
        product = ProductFactory()
        both = EventParticipant(event=event, tenant=product.tenant, product=product)
        assert "product" in errors_of(both)
        refused_by_the_database(both.save)
        neither = EventParticipant(event=event)
        assert "tenant" in errors_of(neither)
        refused_by_the_database(neither.save)

    def test_only_a_winner_has_a_prize(self):
        entry = EventParticipant(event=EventFactory(), tenant=TenantFactory(), prize="Juara 1")
        assert "prize" in errors_of(entry)
        refused_by_the_database(entry.save)
        entry.role = EventParticipant.Role.WINNER
        entry.full_clean()

    def test_a_tenant_is_listed_once_per_event(self):
        event, tenant = EventFactory(), TenantFactory()
        EventParticipant.objects.create(event=event, tenant=tenant)
        again = EventParticipant(event=event, tenant=tenant)
        assert errors_of(again)["__all__"] == ["This tenant is already listed for the event."]
        refused_by_the_database(again.save)

    def test_the_page_shows_public_listings_only_winners_first(self):
        event = EventFactory()
        taking_part = EventParticipant.objects.create(event=event, tenant=TenantFactory())
        draft = EventParticipant.objects.create(
            event=event, tenant=TenantFactory(curation_status="draft")
        )
        winner = EventParticipant.objects.create(
            event=event, product=ProductFactory(), role="winner", prize="Juara 1"
        )
        hidden_product = EventParticipant.objects.create(
            event=event, product=ProductFactory(curation_status="rejected")
        )
        shown = Event.objects.with_participants().get(pk=event.pk)
        assert shown.shown_participants == [winner, taking_part]
        assert (shown.winners, shown.other_participants) == ([winner], [taking_part])
        assert draft not in shown.shown_participants
        assert hidden_product not in shown.shown_participants
        assert set(event.tenants.all()) == {taking_part.tenant, draft.tenant}
        assert set(event.products.all()) == {winner.product, hidden_product.product}


class TestInTime:
    def make(self, name, start_in_hours, hours=2):
        start = NOW + datetime.timedelta(hours=start_in_hours)
        return EventFactory(
            title=name, starts_at=start, ends_at=start + datetime.timedelta(hours=hours)
        )

    def test_upcoming_holds_events_not_over_the_soonest_first_and_past_the_latest_first(self):
        under_way = self.make("under way", -1)
        tomorrow = self.make("tomorrow", 24)
        next_week = self.make("next week", 24 * 7)
        just_over = self.make("just over", -3)
        last_month = self.make("last month", -24 * 30)
        assert list(Event.objects.upcoming(NOW)) == [under_way, tomorrow, next_week]
        assert list(Event.objects.past(NOW)) == [just_over, last_month]

    def test_under_way_and_over_follow_the_clock(self):
        event = self.make("siang", -1)
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            assert (event.is_under_way, event.is_over) == (True, False)
        with mock.patch(
            "django.utils.timezone.now", return_value=NOW + datetime.timedelta(hours=2)
        ):
            assert (event.is_under_way, event.is_over) == (False, True)

    def test_a_district_holds_events_at_its_centres_and_at_addresses_in_it(self):
        district, other = KecamatanFactory(), KecamatanFactory()
        at_centre = EventFactory(sentra=SentraFactory(kecamatan=district))
        at_address = EventFactory(sentra=None, address="Lapangan Uji", kecamatan=district)
        EventFactory(sentra=SentraFactory(kecamatan=other))
        EventFactory(sentra=None, address="Gedung Uji", kecamatan=other)
        assert set(Event.objects.in_kecamatan(district)) == {at_centre, at_address}

    def test_the_calendar_keeps_upcoming_events_and_those_of_the_last_days(self):
        upcoming = self.make("upcoming", 24)
        recent = self.make("recent", -24 * 10)
        self.make("long ago", -24 * 100)
        assert list(Event.objects.for_calendar(NOW, past_days=90)) == [recent, upcoming]


class TestBackOffice:
    def form(self, **changes):
        """What the admin's blank event form posts, filled in for an event at an address."""
        data = {
            "title": "Bazar Uji",
            "slug": "bazar-uji",
            "kind": "bazaar",
            "starts_at_0": "2026-04-01",
            "starts_at_1": "09:00",
            "ends_at_0": "2026-04-01",
            "ends_at_1": "17:00",
            "organiser": "Komunitas Uji",
            "sentra": "",
            "address": "Lapangan Uji",
            "kecamatan": KecamatanFactory().pk,
            "latitude": "-1.2778",
            "longitude": "116.8275",
            "description": "",
            "description_en": "",
            "registration_url": "",
            "data_source": "dinas",
            "participants-TOTAL_FORMS": 0,
            "participants-INITIAL_FORMS": 0,
        }
        data.update(changes)
        return data

    @pytest.mark.parametrize("role", ["staf_dprd", "kurator"])
    def test_council_staff_and_curators_keep_events(self, client, admin_url, role, request):
        client.force_login(request.getfixturevalue(role))
        assert client.get(admin_url(Event)).status_code == 200
        response = client.post(admin_url(Event, "add"), self.form())
        assert response.status_code == 302
        event = Event.objects.get(slug="bazar-uji")
        assert event.starts_at == datetime.datetime(2026, 4, 1, 9, 0, tzinfo=WITA)
        assert event.place.full_address.startswith("Lapangan Uji, Kecamatan Uji")

    def test_centre_managers_do_not(self, client, admin_url, manager_of_pujasera):
        client.force_login(manager_of_pujasera)
        assert client.get(admin_url(Event)).status_code == 403
        assert client.get(admin_url(Event, "add")).status_code == 403
        assert client.post(admin_url(Event, "add"), self.form()).status_code == 403
        assert not Event.objects.filter(slug="bazar-uji").exists()

    def test_a_form_with_both_places_is_shown_again_with_the_reason(
        self, client, admin_url, kurator
    ):
        client.force_login(kurator)
        response = client.post(admin_url(Event, "add"), self.form(sentra=SentraFactory().pk))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["address"] == [
            "Acara di sentra ditampilkan di alamat sentra: kosongkan alamat, kecamatan, dan "
            "titiknya, atau kosongkan sentranya."
        ]
        assert not Event.objects.exists()

    def test_participants_are_entered_with_the_event(self, client, admin_url, kurator):
        client.force_login(kurator)
        tenant, product = TenantFactory(), ProductFactory()
        form = self.form(
            **{
                "participants-TOTAL_FORMS": 2,
                "participants-0-tenant": tenant.pk,
                "participants-0-role": "participant",
                "participants-1-product": product.pk,
                "participants-1-role": "winner",
                "participants-1-prize": "Juara 1",
            }
        )
        assert client.post(admin_url(Event, "add"), form).status_code == 302
        event = Event.objects.get(slug="bazar-uji")
        assert list(event.participants.values_list("tenant", "product", "role", "prize")) == [
            (tenant.pk, None, "participant", ""),
            (None, product.pk, "winner", "Juara 1"),
        ]

    def test_a_listing_entered_twice_is_shown_again_with_the_reason(
        self, client, admin_url, kurator
    ):
        client.force_login(kurator)
        tenant = TenantFactory(name="Amplang Uji")
        form = self.form(
            **{
                "participants-TOTAL_FORMS": 2,
                "participants-0-tenant": tenant.pk,
                "participants-0-role": "participant",
                "participants-1-tenant": tenant.pk,
                "participants-1-role": "winner",
            }
        )
        response = client.post(admin_url(Event, "add"), form)
        assert response.status_code == 200
        formset = response.context["inline_admin_formsets"][0].formset
        assert formset.non_form_errors() == [
            "Amplang Uji dimasukkan dua kali: simpan satu baris saja untuknya."
        ]
        assert not Event.objects.exists()


class TestHeldDaily:
    """A festival of three evenings, 16:00 to 23:00: under way in the evenings only."""

    @pytest.fixture
    def festival(self):
        return EventFactory(
            starts_at=datetime.datetime(2026, 3, 12, 16, 0, tzinfo=WITA),
            ends_at=datetime.datetime(2026, 3, 14, 23, 0, tzinfo=WITA),
            daily=True,
        )

    @pytest.mark.parametrize(
        ("day", "hour", "under_way"),
        [
            (12, 17, True),
            (13, 10, False),  # the morning between two evenings
            (13, 22, True),
            (14, 23, True),  # closing time of the last evening
            (15, 17, False),  # after the last evening
        ],
    )
    def test_it_is_under_way_only_within_the_days_hours(self, festival, day, hour, under_way):
        moment = datetime.datetime(2026, 3, day, hour, 0, tzinfo=WITA)
        assert festival.is_under_way_at(moment) is under_way

    def test_without_daily_hours_it_runs_without_a_break(self, festival):
        festival.daily = False
        assert festival.is_under_way_at(datetime.datetime(2026, 3, 13, 10, 0, tzinfo=WITA))

    def test_one_day_or_hours_past_midnight_cannot_be_held_daily(self):
        one_day = EventFactory.build(
            starts_at=datetime.datetime(2026, 3, 12, 16, 0, tzinfo=WITA),
            ends_at=datetime.datetime(2026, 3, 12, 23, 0, tzinfo=WITA),
            daily=True,
        )
        assert "daily" in errors_of(one_day)
        past_midnight = EventFactory.build(
            starts_at=datetime.datetime(2026, 3, 12, 20, 0, tzinfo=WITA),
            ends_at=datetime.datetime(2026, 3, 14, 2, 0, tzinfo=WITA),
            daily=True,
        )
        assert "ends_at" in errors_of(past_midnight)

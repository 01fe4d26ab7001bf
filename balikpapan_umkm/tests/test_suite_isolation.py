"""A transactional test leaves the next one a freshly migrated database.

Transactional tests (every browser test with a live server) commit what they write,
so their end empties the tables. The conftest does it with DELETE where Django's
flush would TRUNCATE every table and make the content types and permissions again
(_QuickFlush): these are the promises that shortcut keeps.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from produk.models import Gloss, Tenant
from produk.roles import STAF_DPRD
from sentra.models import Kecamatan, Sentra


def _migrated_rows():
    return (
        sorted(ContentType.objects.values_list("pk", "app_label", "model")),
        sorted(Permission.objects.values_list("pk", "codename")),
        sorted(Group.objects.values_list("pk", "name")),
        sorted(Group.permissions.through.objects.values_list("group_id", "permission_id")),
        sorted(Gloss.objects.values_list("pk", flat=True)),
    )


@pytest.mark.django_db(transaction=True)
def test_every_row_a_test_wrote_goes_and_the_migrated_rows_stay(demo_data, quick_flush):
    migrated = _migrated_rows()
    assert Sentra.objects.exists()
    assert Tenant.objects.exists()
    staff = Group.objects.get(name=STAF_DPRD)
    staff.user_set.create(username="someone")

    assert quick_flush.empty_all_but_migrated()

    assert not Sentra.objects.exists()
    assert not Tenant.objects.exists()
    assert not Kecamatan.objects.exists()
    assert not staff.user_set.exists()
    assert _migrated_rows() == migrated
    assert migrated[2], "the staff groups come from the migrations"


@pytest.mark.django_db(transaction=True)
def test_a_test_that_changed_a_migrated_row_leaves_it_to_djangos_flush(demo_data, quick_flush):
    Group.objects.filter(name=STAF_DPRD).update(name=f"{STAF_DPRD} (renamed)")

    assert not quick_flush.empty_all_but_migrated()
    assert Sentra.objects.exists()  # nothing was deleted: Django's flush does it all

"""What pages say about the OC4IDS files (balikpapan_umkm.oc4ids)."""

from django import template

from balikpapan_umkm import oc4ids

register = template.Library()


@register.simple_tag
def oc4ids_version():
    """The OC4IDS release the files follow, such as 0.9.5."""
    return oc4ids.SCHEMA_VERSION

"""Slugs that stay unique within a model's table."""

from django.utils.text import slugify


def unique_slug(instance, value, *, field="slug", max_length=None):
    """Return a slug for `value` not used by another row of `instance`'s model.

    A clash gets a numeric suffix (`amplang-2`). The database's unique
    constraint stays the final judge; this only picks a free candidate.
    """
    model = type(instance)
    max_length = max_length or model._meta.get_field(field).max_length
    base = slugify(value)[:max_length].strip("-") or "item"
    others = (
        model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    )
    candidate, n = base, 1
    while others.filter(**{field: candidate}).exists():
        n += 1
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
    return candidate

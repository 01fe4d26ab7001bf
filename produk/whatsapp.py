"""Indonesian WhatsApp numbers, stored in one form: +62 followed by the mobile number.

People type them in every shape: `0812-3456-7890`, `62 812 3456 7890`,
`+62 (812) 3456 7890`, `812 3456 7890`. Indonesian mobile numbers start
with 8 after the country code and have 9 to 13 digits after it, which is
what the database's check constraint also holds (see `Tenant.Meta`).

Why not the phonenumbers library: its metadata would also accept landlines
and tell mobile apart only by prefix tables that change with each release,
while the rule WhatsApp links need is this one shape; the database enforces
the same pattern, which a library could not share with a check constraint.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kept in step with the check constraint on Tenant.whatsapp.
NORMALISED_PATTERN = r"^\+628[0-9]{8,12}$"
_SEPARATORS = re.compile(r"[\s\-.()/]")


def normalise_whatsapp(raw):
    """Return `raw` as +628..., or raise ValidationError. Empty stays empty."""
    value = (raw or "").strip()
    if not value:
        return ""
    digits = _SEPARATORS.sub("", value)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise ValidationError(
                _("Only Indonesian WhatsApp numbers (+62) are accepted."), code="not_indonesian"
            )
    if not digits.isdigit():
        raise ValidationError(
            _("A WhatsApp number may contain only digits, spaces, dashes and a leading +."),
            code="invalid_characters",
        )
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    normalised = f"+62{national}"
    if not re.fullmatch(NORMALISED_PATTERN, normalised):
        raise ValidationError(
            _("%(value)s is not an Indonesian mobile number, such as 0812-3456-7890."),
            code="invalid_number",
            params={"value": value},
        )
    return normalised


def wa_me_digits(normalised):
    """The number as wa.me links want it: digits only, country code first."""
    return normalised.lstrip("+")

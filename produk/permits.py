"""The shapes of Indonesian permit and certificate numbers, to catch typos at entry.

Deliberately tolerant of spacing and case (people copy them from scans and
PDFs), strict about the digits that identify the permit.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# kind: (pattern on the normalised number, example shown in the error)
FORMATS = {
    # Nomor Induk Berusaha from OSS: 13 digits.
    "nib": (r"\d{13}", "1234567890123"),
    # SPP-IRT: 15 digits, often written with a dash before the last two.
    "pirt": (r"\d{13}-?\d{2}", "2056471010123-29"),
    # BPJPH halal certificates (ID + digits), or the older LPPOM MUI numbers.
    "halal": (r"ID\d{10,20}|LPPOM-?\d{8,20}", "ID35110000123450824"),
    # BPOM registration: MD (domestic) or ML (imported) and 12 digits.
    "bpom": (r"M[DL]\d{12}", "MD 224131001234"),
    # DJKI registrations: trademark IDM, design IDD, patent IDP/IDS; copyright EC.
    "hki": (r"ID[MDPS]\d{6,12}|EC\d{8,14}", "IDM000123456"),
    # SNI product certificates vary by certification body.
    "sni": (r"[A-Z0-9][A-Z0-9./-]{2,59}", "SPPT-SNI 001/2024"),
}


def normalise_permit_number(kind, raw):
    """Trim, upper-case, drop inner spaces and a leading 'BPOM RI'; keep SNI spacing."""
    number = " ".join((raw or "").split()).upper()
    if kind == "bpom":
        number = re.sub(r"^BPOM\s*RI\s*", "", number)
    if kind != "sni":
        number = number.replace(" ", "")
    return number


def validate_permit_number(kind, number):
    if kind not in FORMATS:
        return
    pattern, example = FORMATS[kind]
    candidate = number.replace(" ", "") if kind == "sni" else number
    if not re.fullmatch(pattern, candidate):
        raise ValidationError(
            _("This does not look like a valid number for this permit; for example %(example)s."),
            code="invalid_permit_number",
            params={"example": example},
        )

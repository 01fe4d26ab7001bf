"""The shapes of Indonesian permit and certificate numbers, to catch typos at entry.

Deliberately tolerant of spacing and case (people copy them from scans and
PDFs), strict about the digits that identify the permit.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PermitKind(models.TextChoices):
    NIB = "nib", _("NIB (business identification number)")
    PIRT = "pirt", _("P-IRT (home food industry permit)")
    HALAL = "halal", _("Halal certificate")
    BPOM = "bpom", _("BPOM registration")
    HKI = "hki", _("HKI (trademark or design)")
    SNI = "sni", _("SNI certificate")


# Who issues each kind, so that a visitor knows where a number can be checked.
ISSUERS = {
    PermitKind.NIB: "OSS (Online Single Submission)",
    PermitKind.PIRT: _("the city's health office (Dinas Kesehatan), through OSS"),
    PermitKind.HALAL: "BPJPH",
    PermitKind.BPOM: "BPOM",
    PermitKind.HKI: "DJKI",
    PermitKind.SNI: _("an accredited product certification body (LSPro)"),
}

# kind: (pattern on the normalised number, example shown in the error)
FORMATS = {
    # Nomor Induk Berusaha from OSS: 13 digits.
    PermitKind.NIB: (r"\d{13}", "1234567890123"),
    # SPP-IRT: 15 digits, often written with a dash before the last two.
    PermitKind.PIRT: (r"\d{13}-?\d{2}", "2056471010123-29"),
    # BPJPH halal certificates (ID + digits), or the older LPPOM MUI numbers.
    PermitKind.HALAL: (r"ID\d{10,20}|LPPOM-?\d{8,20}", "ID35110000123450824"),
    # BPOM registration: MD (domestic) or ML (imported) and 12 digits.
    PermitKind.BPOM: (r"M[DL]\d{12}", "MD 224131001234"),
    # DJKI registrations: trademark IDM, design IDD, patent IDP/IDS; copyright EC.
    PermitKind.HKI: (r"ID[MDPS]\d{6,12}|EC\d{8,14}", "IDM000123456"),
    # SNI product certificates vary by certification body.
    PermitKind.SNI: (r"[A-Z0-9][A-Z0-9./-]{2,59}", "SPPT-SNI 001/2024"),
}


def normalise_permit_number(kind, raw):
    """Trim, upper-case, drop inner spaces and a leading 'BPOM RI'; keep SNI spacing."""
    number = " ".join((raw or "").split()).upper()
    if kind == PermitKind.BPOM:
        number = re.sub(r"^BPOM\s*RI\s*", "", number)
    if kind != PermitKind.SNI:
        number = number.replace(" ", "")
    return number


def validate_permit_number(kind, number):
    if kind not in FORMATS:
        return
    pattern, example = FORMATS[kind]
    candidate = number.replace(" ", "") if kind == PermitKind.SNI else number
    if not re.fullmatch(pattern, candidate):
        raise ValidationError(
            _("This does not look like a valid number for this permit; for example %(example)s."),
            code="invalid_permit_number",
            params={"example": example},
        )

"""The "Report a problem" form and its spam protection, with no third-party service.

Three checks keep bots out while people never notice them:

1. a honeypot field that people do not see (hidden by CSS) and bots fill in;
2. a signed timestamp token in the form: a bot that posts without loading the
   page, posts within seconds of loading it, or replays an old page is refused;
3. a per-address rate limit in Django's cache, counting saved reports.

The thresholds are module constants so that tests can change them.
"""

import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .models import Report

# A person needs longer than this to read the form and choose a problem.
MIN_AGE_SECONDS = 3
# A page older than this is stale: reload it.
MAX_AGE_SECONDS = 24 * 60 * 60
# Saved reports allowed from one address in one window.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60

TOKEN_SALT = "produk.reports.ReportForm"
RATE_KEY = "produk:report-rate:{ip_hash}"

SPAM_MESSAGE = _("Your report could not be accepted. Please reload the page and try again.")
RATE_LIMIT_MESSAGE = _(
    "Too many reports were sent from your connection in the last hour. Please try again later."
)


# --- The signed timestamp token ---------------------------------------------


def _target_key(target):
    return f"{target._meta.label_lower}:{target.pk}"


def make_token(target):
    """A token for the form about `target`, signed with the time it was made."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(_target_key(target))


def token_is_acceptable(token, target):
    """Whether `token` was made for `target` between MIN_AGE and MAX_AGE seconds ago."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        value = signer.unsign(token, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # tampered, garbage or stale (SignatureExpired)
        return False
    if value != _target_key(target):  # a token for another page
        return False
    made_at = signing.b62_decode(token.rsplit(signer.sep, 2)[1])
    return time.time() - made_at >= MIN_AGE_SECONDS


# --- The rate limit ----------------------------------------------------------


def is_rate_limited(ip_hash):
    """Whether this address has already sent RATE_LIMIT reports in the current window."""
    return cache.get(RATE_KEY.format(ip_hash=ip_hash), 0) >= RATE_LIMIT


def count_report(ip_hash):
    """Count one saved report against the address; the window starts at its first report."""
    key = RATE_KEY.format(ip_hash=ip_hash)
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)


# --- The form ----------------------------------------------------------------


class ReportForm(forms.ModelForm):
    """What a visitor says is wrong with a tenant's or a product's page.

    After is_valid(), `is_spam` tells whether the honeypot or the token gave
    a bot away; the view then refuses the report without listing field errors.
    """

    kind = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Kind.choices, widget=forms.RadioSelect
    )
    # The honeypot: hidden by the .report-trap class, never filled in by people.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = ["kind", "message", "contact"]
        labels = {
            "message": _("Details"),
            "contact": _("Your name, phone or email (optional)"),
        }
        help_texts = {
            "message": _("Required for “Something else”. At most 1000 characters."),
            "contact": _(
                "Only if the UMKM office may contact you about this report. It is never shown."
            ),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, instance=Report.about(target), **kwargs)
        self.target = target
        self.is_spam = False
        self.fields["token"].initial = make_token(target)

    def clean(self):
        cleaned_data = super().clean()
        honeypot = self.data.get(self.add_prefix("website"), "")
        token = cleaned_data.get("token", "")
        if honeypot or not token or not token_is_acceptable(token, self.target):
            self.is_spam = True
            raise forms.ValidationError(SPAM_MESSAGE, code="spam")
        return cleaned_data

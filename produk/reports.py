"""The "Report a problem" form and its spam protection, with no third-party service.

Three checks keep bots out while people never notice them:

1. a honeypot field that people do not see (hidden by CSS) and bots fill in;
2. a signed, single-use token in the form: a bot that posts without loading
   the page, replays a sent form or an old page is refused. A person who
   answers quickly is welcome: there is no minimum time;
3. a per-address limit of saved reports per hour, counted in the database,
   so that it holds across every app server process and machine.

Used tokens are remembered in the shared cache (the database cache by
default, Redis where CACHE_URL says so). A refused form keeps what was typed
and says what to do. The thresholds are module constants so that tests can
change them.

Why not django-ratelimit: it counts in the cache, which the database cache
evicts and culls; the limit here counts saved Report rows (an index serves
the query), so it holds exactly for what it protects, on every server.
"""

import hashlib
import secrets
from datetime import timedelta

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Report

# A page older than this is stale: send it again.
MAX_AGE_SECONDS = 24 * 60 * 60
# Saved reports allowed from one address in one window.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60

TOKEN_SALT = "produk.reports.ReportForm"
USED_TOKEN_KEY = "produk:report-token-used:{digest}"

SPAM_MESSAGE = _(
    "Your report could not be accepted. What you typed is kept below: please send it again."
)
STALE_MESSAGE = _(
    "This form was open for more than a day. What you typed is kept below: "
    "check it and send it again."
)
ALREADY_SENT_MESSAGE = _(
    "This report was already sent, thank you. To report something else, use the form below."
)
RATE_LIMIT_MESSAGE = _(
    "Too many reports were sent from your connection in the last hour. What you typed is "
    "kept below: please send it again in an hour."
)


# --- The signed, single-use token ---------------------------------------------


def _target_key(target):
    return f"{target._meta.label_lower}:{target.pk}"


def make_token(target):
    """A token for one form about `target`, signed with the time it was made (unique)."""
    value = f"{_target_key(target)}:{secrets.token_urlsafe(9)}"
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(value)


def check_token(token, target):
    """None if `token` is a sound token for `target`, else the message that refuses it."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        value = signer.unsign(token, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        return STALE_MESSAGE
    except signing.BadSignature:  # tampered or garbage
        return SPAM_MESSAGE
    if value.rsplit(":", 1)[0] != _target_key(target):  # a token for another page
        return SPAM_MESSAGE
    return None


def claim_token(token):
    """Mark `token` used; False if it was used before (a form sent twice, or replayed)."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    return cache.add(USED_TOKEN_KEY.format(digest=digest), True, timeout=MAX_AGE_SECONDS + 60)


# --- The rate limit ----------------------------------------------------------


def is_rate_limited(ip_hash):
    """Whether this address has sent RATE_LIMIT saved reports in the last window."""
    since = timezone.now() - timedelta(seconds=RATE_WINDOW_SECONDS)
    recent = Report.objects.filter(reporter_ip_hash=ip_hash, created_at__gte=since)
    return recent.count() >= RATE_LIMIT


# --- The form ----------------------------------------------------------------


class ReportForm(forms.ModelForm):
    """What a visitor says is wrong with a tenant's or a product's page.

    After is_valid(), `refusal` is the message when the honeypot or the
    token refuses the form (None otherwise); the view then answers with a
    fresh form that keeps what was typed, without listing field errors.
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
        self.refusal = None
        self.fields["token"].initial = make_token(target)

    def clean(self):
        cleaned_data = super().clean()
        honeypot = self.data.get(self.add_prefix("website"), "")
        token = cleaned_data.get("token", "")
        if honeypot or not token:
            self.refusal = SPAM_MESSAGE
        else:
            self.refusal = check_token(token, self.target)
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="refused")
        return cleaned_data

"""Share cards: the 1200 x 630 pictures social networks show for a page (og:image).

A card shows a picture of the thing (cropped to fit) or, without one, the
portal's colours and mark; its name, wrapped over up to three lines in a size
that fits; a few short lines under it (centre, district); optionally a badge
(a price) and a tag ("DEMO"); the portal's mark and name at the top and its
address at the bottom. Font and mark are the portal's own (balikpapan_umkm/drawing.py);
characters the font lacks (emoji) are left out rather than drawn as boxes.

The interface, for any page that wants a card:

    card = Card(
        title="Kepiting saus padang",
        lines=("Kepiting Saus Klandasan", "Pujasera Contoh Klandasan", "Kecamatan Balikpapan Kota"),
        picture=product.photo.name,   # a stored PictureField name, or "" for the branded ground
        badge="Rp120.000",             # optional
        badge_note="per porsi",       # optional, small, after the badge
        tag="DEMO",                   # optional, for fictional data
    )
    card.key    # 16 hex digits: a digest of everything drawn (and of DESIGN)
    card.alt    # the card's text, for og:image:alt
    card_response(card, requested_key, current_url)   # the view's answer

Every visible input is in `card.key`, so an edit that changes what the card
shows (a new name, photo or price; the centre's new name on a tenant's card)
gives a new key; an edit of anything else (a phone number) keeps it. Pages put
the key in the card's URL: the page costs no drawing, and networks that keep
pictures by URL fetch the new card. The view behind that URL draws the card
on its first request, keeps it in default storage as cards/<ab>/<key>.jpg
(written once, like thumbnails), and serves that file from then on. A request
with an outdated key is redirected to the current card; the old file is never
served again. Cards are language-neutral (proper names, a rupiah amount), so
one file serves both languages.

To change the design, change the drawing and bump DESIGN: every card gets a
new key, so no network keeps showing the old design.
"""

import dataclasses
import functools
import hashlib
import io
import json
import logging

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from balikpapan_umkm import drawing, site, thumbnails
from balikpapan_umkm.pictures import open_picture

logger = logging.getLogger(__name__)

DESIGN = 1
SIZE = WIDTH, HEIGHT = (1200, 630)
FOLDER = "cards"
CONTENT_TYPE = "image/jpeg"
# A card's URL names its content, so the file at it never changes.
CACHE_CONTROL = "public, max-age=31536000, immutable"
# An outdated card URL points at the current card, which changes with the object.
REDIRECT_CACHE_CONTROL = "public, max-age=300"


# The colours of static/css/portal.css.
BRAND = (11, 93, 107)  # --brand
BRAND_DARK = (7, 63, 73)  # --brand-dark
ACCENT = (181, 71, 8)  # --accent
LIGHT = (251, 230, 212)  # the awning's light stripes in the mark
WHITE = (255, 255, 255)
SOFT = (205, 226, 230)  # lines under the name, on BRAND_DARK (11:1)
FAINT = (160, 196, 202)  # the address at the bottom, on BRAND_DARK (7:1)

MARGIN = 64
PICTURE_WIDTH = 520  # the picture's share of the card, on the right
DISC_WIDTH = 470  # without a picture, the visible part of the disc behind the mark
TITLE_SIZES = (68, 62, 56, 50, 46)
TITLE_LINES = 3
LINE_SIZE = 30
BADGE_SIZE = 34


@dataclasses.dataclass(frozen=True)
class Card:
    """What a share card shows. Every field is drawn, so every field is in the key."""

    title: str
    lines: tuple = ()
    picture: str = ""
    badge: str = ""
    badge_note: str = ""
    tag: str = ""

    @property
    def key(self):
        drawn = [DESIGN, site.domain(), *dataclasses.astuple(self)]
        return hashlib.sha256(json.dumps(drawn).encode()).hexdigest()[:16]

    @property
    def alt(self):
        """The card's words, in reading order: what a screen reader says for the picture."""
        parts = [self.title, *self.lines, " ".join(filter(None, [self.badge, self.badge_note]))]
        return ". ".join(part for part in parts if part)

    @property
    def storage_name(self):
        return f"{FOLDER}/{self.key[:2]}/{self.key}.jpg"


def stored_card(card):
    """The storage name of `card`'s picture, drawn and stored first if it is not there yet."""
    name = card.storage_name
    if not default_storage.exists(name):
        thumbnails.write_once(name, render(card))  # written once, as thumbnails are
    return name


def card_response(card, requested_key, current_url):
    """The answer to a request for a card: the picture, or a redirect to the current one."""
    if requested_key != card.key:
        response = HttpResponseRedirect(current_url)
        response["Cache-Control"] = REDIRECT_CACHE_CONTROL
        return response
    name = stored_card(card)
    try:
        default_storage.path(name)
    except NotImplementedError:  # object storage: it serves the file itself
        response = HttpResponseRedirect(default_storage.url(name))
    else:
        response = FileResponse(default_storage.open(name), content_type=CONTENT_TYPE)
    response["Cache-Control"] = CACHE_CONTROL
    return response


# --- Drawing ---------------------------------------------------------------


def render(card):
    """JPEG bytes of `card` (tests count the calls: a kept card is not drawn again)."""
    picture = _picture(card.picture)
    image = Image.new("RGB", SIZE, BRAND_DARK)
    draw = ImageDraw.Draw(image)
    if picture is not None:
        image.paste(picture, (WIDTH - PICTURE_WIDTH, 0))
        draw.rectangle((WIDTH - PICTURE_WIDTH - 8, 0, WIDTH - PICTURE_WIDTH - 1, HEIGHT), ACCENT)
        text_right = WIDTH - PICTURE_WIDTH - 8 - MARGIN
    else:
        _branded_ground(image, draw)
        text_right = WIDTH - DISC_WIDTH - 48
    _brand_row(image, draw)
    _body(draw, card, MARGIN, text_right)
    _footer_row(draw, card.tag, text_right)
    out = io.BytesIO()
    # 4:4:4 keeps the edges of letters sharp; the whole card stays near 100 KB.
    image.save(out, "JPEG", quality=86, subsampling=0, optimize=True)
    return out.getvalue()


def _picture(name):
    """The card's picture, cropped to fill its share, or None (no picture, or unreadable)."""
    if not name:
        return None
    # The largest thumbnail: already decoded once safely, and small to open again.
    thumbnail = thumbnails.thumbnail_name(name, max(thumbnails.DETAIL_WIDTHS))
    if thumbnail is None:
        return None
    try:
        with default_storage.open(thumbnail) as file, open_picture(file) as picture:
            upright = picture.convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError) as error:
        logger.warning("Share card without its picture %s: %s", name, error)
        return None
    return ImageOps.fit(upright, (PICTURE_WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def _branded_ground(image, draw):
    """No picture: a large disc in the brand colour on the right, the mark inside it."""
    draw.ellipse((WIDTH - DISC_WIDTH, -40, WIDTH + 250, HEIGHT + 50), BRAND)
    side = 330
    mark = drawing.mark(side)
    image.paste(mark, (WIDTH - 95 - side, (HEIGHT - side) // 2), mark)


def _brand_row(image, draw):
    side = 60
    mark = drawing.mark(side)
    image.paste(mark, (MARGIN, 48), mark)
    font = drawing.font(28, bold=True)
    _draw_text(draw, (MARGIN + side + 18, 63), "Sentra UMKM Balikpapan", font, WHITE)


def _footer_row(draw, tag, right):
    """The portal's address at the bottom left; the tag, if any, at the bottom right."""
    baseline = HEIGHT - MARGIN
    _draw_text(draw, (MARGIN, baseline - 24), site.domain(), drawing.font(22), FAINT)
    if tag:
        font = drawing.font(20, bold=True)
        text = drawing.drawable(tag, font)
        width = font.getlength(text)
        box = (right - width - 28, baseline - 34, right, baseline + 2)
        draw.rounded_rectangle(box, radius=18, outline=LIGHT, width=2)
        _draw_text(draw, (box[0] + 14, box[1] + 6), text, font, LIGHT)


def _body(draw, card, left, right):
    """The name, the lines and the badge, as a block centred between the top row and the address."""
    width = right - left
    top, bottom = 136, HEIGHT - MARGIN - 44
    line_font = drawing.font(LINE_SIZE)
    line_height = round(LINE_SIZE * 1.35)
    lines = [
        _ellipsised(drawing.drawable(line, line_font), line_font, width) for line in card.lines
    ]
    lines = [line for line in lines if line]
    badge_height = BADGE_SIZE + 26 if card.badge else 0
    below = (len(lines) * line_height + 16 if lines else 0) + (
        badge_height + 24 if badge_height else 0
    )

    # The largest size at which the name takes at most TITLE_LINES lines; a name too long
    # for that gets the smallest size and as many lines as there is room for (up to one
    # more), the last one ending in an ellipsis if some of it is left out.
    for size in TITLE_SIZES:
        title_font = drawing.font(size, bold=True)
        title_step = round(size * 1.16)
        title = _wrapped(drawing.drawable(card.title, title_font), title_font, width)
        if len(title) <= TITLE_LINES and title_step * len(title) + below <= bottom - top:
            break
    else:
        room = (bottom - top - below) // title_step
        title = _shortened(title, title_font, width, max(1, min(room, TITLE_LINES + 1)))
    title_height = title_step * len(title)

    y = top + max(0, (bottom - top - title_height - below) // 2)
    for text in title:
        _draw_text(draw, (left, y), text, title_font, WHITE)
        y += title_step
    if lines:
        y += 16
        for text in lines:
            _draw_text(draw, (left, y), text, line_font, SOFT)
            y += line_height
    if card.badge:
        y += 24
        _badge(draw, left, y, right, card.badge, card.badge_note)


def _badge(draw, left, y, right, badge, note):
    font = drawing.font(BADGE_SIZE, bold=True)
    text = _ellipsised(drawing.drawable(badge, font), font, right - left - 40)
    width = font.getlength(text)
    draw.rounded_rectangle(
        (left, y, left + width + 40, y + BADGE_SIZE + 26), radius=30, fill=ACCENT
    )
    _draw_text(draw, (left + 20, y + 11), text, font, WHITE)
    note_font = drawing.font(26)
    note_left = left + width + 40 + 16
    note = drawing.drawable(note, note_font)
    if note and note_font.getlength(note) <= right - note_left:  # whole, or not at all
        _draw_text(draw, (note_left, y + 15), note, note_font, SOFT)


def _draw_text(draw, position, text, font, fill):
    if text:
        draw.text(position, text, font=font, fill=fill)


# --- Text ------------------------------------------------------------------

ELLIPSIS = "…"


@functools.cache
def _wrapped(text, font, width):
    """`text` broken into lines no wider than `width`, at spaces (inside a word if it must)."""
    lines = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:  # a word longer than the line: cut it
            cut = _fitting(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fitting(text, font, width):
    """How many leading characters of `text` fit in `width` (at least one)."""
    count = 1
    while count < len(text) and font.getlength(text[: count + 1]) <= width:
        count += 1
    return count


def _shortened(lines, font, width, most):
    """At most `most` lines; the last one ends in an ellipsis if text was left out."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    kept[-1] = _ellipsised(kept[-1] + ELLIPSIS, font, width)
    return kept


def _ellipsised(text, font, width):
    """`text` on one line of `width`; if too long, cut at a word (or inside one) and "…" added."""
    if font.getlength(text) <= width:
        return text
    text = text.rstrip(ELLIPSIS)
    while text and font.getlength(text + ELLIPSIS) > width:
        shorter = text.rsplit(" ", 1)[0] if " " in text else text[:-1]
        text = shorter.rstrip(" ,.;:-\u2013\u00b7")
    return text + ELLIPSIS if text else ""

"""What the pictures drawn on the server share: the portal's font, its mark, drawable text.

Share cards (share_cards.py) and QR cards (qr_cards.py) set their text in the font
the portal serves to browsers, Noto Sans from static/fonts (Latin with its accents;
static/fonts/README.md says how it was cut), and draw the mark from
static/img/icon-512.png, which scripts/make_icons.py draws from mark.svg (Pillow
cannot read SVG). Found through the staticfiles finders, so they work wherever the
repository's static folder is.
"""

import functools
import unicodedata

from django.contrib.staticfiles import finders
from PIL import Image, ImageFont

from balikpapan_umkm.pictures import open_picture


@functools.cache
def static_path(name):
    path = finders.find(name)
    if path is None:  # a deployment without the repository's static folder
        raise FileNotFoundError(name)
    return path


@functools.cache
def font(size, *, bold=False):
    """Noto Sans at `size` pixels."""
    weight = "Bold" if bold else "Regular"
    return ImageFont.truetype(static_path(f"fonts/NotoSans-{weight}.woff2"), size)


@functools.cache
def mark(side):
    """The portal's mark, `side` pixels square, with its transparency."""
    with open_picture(static_path("img/icon-512.png")) as icon:
        return icon.convert("RGBA").resize((side, side), Image.Resampling.LANCZOS)


def _glyph(typeface, character):
    mask = typeface.getmask(character)
    return mask.size, bytes(mask)


@functools.cache
def _missing_glyph(typeface):
    """The picture FreeType draws for a character the font lacks (.notdef)."""
    return _glyph(typeface, "\U000f0000")  # a private-use character the font does not have


def drawable(text, typeface=None):
    """`text` composed (NFC), without what the font cannot draw (emoji, control characters).

    Left out rather than drawn as empty boxes; runs of spaces become one.
    """
    typeface = typeface or font(40)
    text = unicodedata.normalize("NFC", text or "")
    missing = _missing_glyph(typeface)
    kept = "".join(
        character
        for character in text
        if character.isspace()
        or (unicodedata.category(character)[0] != "C" and _glyph(typeface, character) != missing)
    )
    return " ".join(kept.split())

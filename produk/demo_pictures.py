"""Demo pictures drawn with Pillow, so the demo needs no downloads and no photo rights.

Each picture is a flat illustration: a coloured ground and a few shapes chosen
from the name. It does not print the name: pages show it under the picture, and
a placeholder that repeats it only adds noise (and text that no screen reader
reads). A label, such as "fictional", may be printed instead. The same name
always gives the same picture, and a picture already in storage is reused, so
loading the demo twice writes nothing new. Thumbnails are made with the picture,
as for uploads.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from balikpapan_umkm import thumbnails

PALETTES = [
    ("#0b5d6b", "#f2c14e"),
    ("#7a2e00", "#f6d8ae"),
    ("#1d6b35", "#e8f3d6"),
    ("#5b3a8c", "#f1e4ff"),
    ("#9b1d20", "#ffd6c9"),
    ("#264653", "#e9c46a"),
]


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default()


def draw_picture(title, *, size=(640, 480), label=""):
    """Return JPEG bytes of a simple illustration for `title` (which it does not print)."""
    digest = hashlib.sha256(title.encode()).digest()
    ground, ink = PALETTES[digest[0] % len(PALETTES)]
    image = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(image)
    width, height = size
    for i in range(5):
        x = digest[1 + i] / 255 * width
        y = digest[6 + i] / 255 * height
        r = 30 + digest[11 + i] / 255 * 110
        draw.ellipse((x - r, y - r, x + r, y + r), outline=ink, width=6)
    band_top = int(height * 0.62)
    draw.rectangle((0, band_top, width, height), fill=ink)
    if label:
        draw.text((28, band_top + 22), label, fill=ground, font=_font(28))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def demo_picture(folder, slug, title, *, size=(640, 480), label=""):
    """Storage name of the demo picture for `slug`, drawing it (and its thumbnails) if missing."""
    name = f"demo/{folder}/{slug}.jpg"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(draw_picture(title, size=size, label=label)))
        thumbnails.make_all(name)
    return name

"""Draw the app icons (PNG) from the portal's mark, static/img/mark.svg.

    .venv/bin/python scripts/make_icons.py

Run it after changing the mark, and commit the PNGs it writes into static/img/:
- icon-192.png, icon-512.png: the mark as it is (a white disc), for install dialogs,
  desktops and splash screens ("purpose": "any" in the web app manifest);
- icon-maskable-192.png, icon-maskable-512.png: the mark inside the safe zone (the
  central circle of 80 %) on the brand colour, for phones that cut icons to their own
  shape ("purpose": "maskable");
- apple-touch-icon.png (180 px): the same, for iPhones, which round the corners themselves.

The SVG is drawn on a canvas by Debian's Chromium (/usr/bin/chromium, as the browser
tests use), so the icons look exactly like the mark on the pages; Pillow then reduces
each to a small palette, which keeps them a few KB (the page weight budget counts them).
"""

import io
from base64 import b64decode, b64encode
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
MARK = ROOT / "static" / "img" / "mark.svg"
OUT = ROOT / "static" / "img"
BRAND = "#0b5d6b"  # --brand in static/css/portal.css; the manifest's theme colour
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

# name: (size in px, background or None for transparent, share of the side the mark takes)
ICONS = {
    "icon-192.png": (192, None, 1.0),
    "icon-512.png": (512, None, 1.0),
    "icon-maskable-192.png": (192, BRAND, 0.8),
    "icon-maskable-512.png": (512, BRAND, 0.8),
    "apple-touch-icon.png": (180, BRAND, 0.8),
}


# Draws the mark on a canvas of `size` px: the background (if any), then the mark centred,
# `share` of the side; returns the pixels, RGBA, as base64 (no picture file is decoded).
DRAW = """async ([mark, size, background, share]) => {
    const picture = new Image();
    picture.src = mark;
    await picture.decode();
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    const context = canvas.getContext("2d");
    if (background) {
        context.fillStyle = background;
        context.fillRect(0, 0, size, size);
    }
    const side = Math.round(size * share);
    const offset = (size - side) / 2;
    context.drawImage(picture, offset, offset, side, side);
    const pixels = context.getImageData(0, 0, size, size).data;
    let text = "";
    for (let i = 0; i < pixels.length; i += 0x8000) {
        text += String.fromCharCode.apply(null, pixels.subarray(i, i + 0x8000));
    }
    return btoa(text);
}"""


def small_png(size, rgba):
    """The pixels as a PNG with at most 64 colours (flat shapes need no more), optimised."""
    picture = Image.frombytes("RGBA", (size, size), rgba)
    reduced = picture.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    reduced.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main():
    mark = "data:image/svg+xml;base64," + b64encode(MARK.read_bytes()).decode()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        for name, (size, background, share) in ICONS.items():
            rgba = b64decode(page.evaluate(DRAW, [mark, size, background, share]))
            (OUT / name).write_bytes(small_png(size, rgba))
            print(f"static/img/{name}: {size} x {size}, {(OUT / name).stat().st_size} bytes")
        browser.close()


if __name__ == "__main__":
    main()

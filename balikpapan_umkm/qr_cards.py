"""Printable QR cards of centres and tenants, and the QR code of a centre's signboard.

A card is A6 (105 x 148 mm): the portal's band, what the object is, its name,
its stall (tenants) and district, and a QR code that opens its public page (an
absolute URL on SITE_URL, never the request's host). It comes three ways:

- PNG, drawn with Pillow at 300 dpi (1240 x 1748 px), the text in Noto Sans
  from static/fonts, the file the print page loads too;
- SVG, the same layout in millimetres: viewers set the text in Noto Sans when
  they have it, else in their sans-serif (lines are broken by Noto's widths, with
  room to spare);
- the print page (portal/qr_card.html with css/qr-card.css): HTML, one card on
  an A6 page.

The PNG and SVG are drawn from one layout (`Card.layout`), so they agree line for
line. The signboard QR (papan proyek) is the bare code, large and with high error
correction (a third of it may be dirty or torn), for the public works signboard.

QR codes are encoded by segno. This module reads attributes of the objects it is
given and imports neither app; qr_card_views.py joins them.
"""

import functools
import io
import re
from dataclasses import dataclass

import segno
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from balikpapan_umkm import drawing, site
from balikpapan_umkm.pictures import open_picture

# The centre page's construction section ("Construction and funding": the signboard's
# facts, plan against actual, milestones, open problems, progress history).
CONSTRUCTION_ANCHOR = "construction-title"

# Geometry in millimetres.
WIDTH, HEIGHT = 105, 148  # A6 portrait
DPI = 300
MARGIN = 8
BAND = 18  # the brand band across the top
MARK = 11  # the portal's mark in the band
QR_SIZE = 62  # the code with its quiet zone of four modules
QR_BORDER = 4
# Type sizes (mm, the em) and line heights (ems), as in css/qr-card.css.
BRAND_SIZE = 4.6
HEADING_SIZE = 3.2
NAME_SIZES = (8, 7, 6, 5)  # the first that fits; qr-card__name--8 and so on
NAME_LINE = 1.12
DETAIL_SIZE = 3.8
DETAIL_LINE = 1.35
CAPTION_SIZE = 3.4
ADDRESS_SIZE = 3.0
LINE = 1.2

# The portal's colours (static/css/portal.css).
INK = "#1b2430"
MUTED = "#55606e"
BRAND = "#0b5d6b"
ACCENT = "#b54708"
WHITE = "#ffffff"
QR_DARK = "#000000"  # the most contrast for cheap printers and old phones

FONT_FAMILY = "Noto Sans, Helvetica, Arial, sans-serif"
# The signboard PNG is at least this wide (px): 20 cm at 300 dpi.
SIGNBOARD_PIXELS = 2400
SIGNBOARD_MODULE_MM = 4  # the SVG's size: 4 mm a module, some 20 to 25 cm in all


def drawable(text):
    """`text` as the card's font can draw it (balikpapan_umkm.drawing)."""
    return drawing.drawable(text)


def px(mm):
    return round(mm * DPI / 25.4)


def font(bold, size_px):
    return drawing.font(size_px, bold=bold)


def measure(text, size, bold=False):
    """The width of `text` in Noto Sans at `size` (mm), in mm."""
    return font(bold, px(size)).getlength(text) * 25.4 / DPI


def wrap(text, size, width, *, bold=False, max_lines=2):
    """Lines of `text` no wider than `width` mm; the last ends in an ellipsis if text is left.

    Returns (lines, complete): `complete` is False when text had to be cut.
    """

    def fits(line):
        return measure(line, size, bold) <= width

    lines, current = [], ""
    for word in drawable(text).split():
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        while not fits(word):  # a word longer than the line (a URL, a long name) is cut
            cut = 1
            while fits(word[: cut + 1]):
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, True
    last = lines[max_lines - 1]
    while last and not fits(last + "…"):
        last = last[:-1].rstrip()
    return [*lines[: max_lines - 1], last + "…"], False


def break_address(address):
    """A URL without its scheme, with spaces after its slashes so that `wrap` may break there."""
    return re.sub(r"/(?=.)", "/ ", address)


@dataclass(frozen=True)
class Text:
    """One line of a card: its baseline at `y` mm, starting at `x` (or centred on it)."""

    x: float
    y: float
    size: float
    parts: tuple  # (text, bold) pairs, set one after another
    colour: str = INK
    centred: bool = False


@dataclass(frozen=True)
class Layout:
    lines: tuple
    qr_x: float
    qr_y: float
    name_size: int  # mm: the print page sets the name in the same size (qr-card__name--N)


@dataclass(frozen=True)
class Card:
    """What a card says. Built in the language its text is to be in (see `for_centre`)."""

    heading: str  # what the object is: "Tenant", "UMKM centre"
    name: str
    details: tuple  # stall and centre, district
    url: str  # the absolute URL the code opens
    caption: str  # what the scan brings

    @property
    def address(self):
        """The URL as a person reads and types it: no scheme."""
        return re.sub(r"^https?://", "", self.url)

    @cached_property
    def qr(self):
        # Medium error correction, raised for free where the version has room (segno's
        # default): a small code whose modules stay large on a card.
        return segno.make(self.url, error="m", micro=False)

    def qr_svg(self, css_class=None):
        """The code as an <svg> element to set in a page: scales to its box."""
        return self.qr.svg_inline(
            scale=1,
            border=QR_BORDER,
            dark=QR_DARK,
            light=WHITE,
            svgclass=css_class,
            lineclass=None,
            omitsize=True,
        )

    @cached_property
    def layout(self):
        """Where each line of text goes, and the code.

        Set bottom up: the address and the caption at the foot, the code above
        them at its full size, then the heading, the name in the largest size that
        fits in three lines in the room left, and the details.
        """
        width = WIDTH - 2 * MARGIN
        brand = ((_("Sentra UMKM") + " ", False), ("Balikpapan", True))
        lines = [Text(MARGIN + MARK + 3, BAND / 2 + 1.6, BRAND_SIZE, brand, WHITE)]

        baseline = HEIGHT - MARGIN + 2
        address, _complete = wrap(break_address(self.address), ADDRESS_SIZE, width)
        for text in reversed(address):
            text = text.replace("/ ", "/")
            lines.append(Text(WIDTH / 2, baseline, ADDRESS_SIZE, ((text, False),), MUTED, True))
            baseline -= ADDRESS_SIZE * LINE
        baseline -= 0.6
        caption, _complete = wrap(self.caption, CAPTION_SIZE, width)
        for text in reversed(caption):
            lines.append(Text(WIDTH / 2, baseline, CAPTION_SIZE, ((text, False),), INK, True))
            baseline -= CAPTION_SIZE * LINE
        qr_y = baseline - CAPTION_SIZE * 0.8 - QR_SIZE

        top = BAND + 6
        details = [line for detail in self.details for line in wrap(detail, DETAIL_SIZE, width)[0]]
        for size in NAME_SIZES:
            name, complete = wrap(self.name, size, width, bold=True, max_lines=3)
            height = HEADING_SIZE * 1.5 + len(name) * size * NAME_LINE + 1.5
            height += len(details) * DETAIL_SIZE * DETAIL_LINE
            if complete and top + height <= qr_y - 2:
                break
        y = top + HEADING_SIZE
        lines.append(Text(MARGIN, y, HEADING_SIZE, ((self.heading.upper(), True),), ACCENT))
        y += 1.5
        for text in name:
            y += size * NAME_LINE
            lines.append(Text(MARGIN, y - size * 0.22, size, ((text, True),)))
        y += 1.5
        for text in details:
            y += DETAIL_SIZE * DETAIL_LINE
            lines.append(Text(MARGIN, y - 1.2, DETAIL_SIZE, ((text, False),), MUTED))
        return Layout(tuple(lines), (WIDTH - QR_SIZE) / 2, qr_y, size)

    def png(self):
        """The card as a PNG at 300 dpi."""
        layout = self.layout
        picture = Image.new("RGB", (px(WIDTH), px(HEIGHT)), WHITE)
        draw = ImageDraw.Draw(picture)
        draw.rectangle((0, 0, px(WIDTH), px(BAND)), fill=BRAND)
        picture.paste(*_mark_png(px(MARK), (px(MARGIN), px((BAND - MARK) / 2))))
        for line in layout.lines:
            _draw_line(draw, line)
        # Whole pixels a module, so that every module is the same size; centred in its box.
        box = px(QR_SIZE)
        scale = box // self.qr.symbol_size(border=QR_BORDER)[0]
        buffer = io.BytesIO()
        self.qr.save(buffer, kind="png", scale=scale, border=QR_BORDER, dark=QR_DARK, light=WHITE)
        code = open_picture(buffer)
        offset = (box - code.width) // 2
        picture.paste(code, (px(layout.qr_x) + offset, px(layout.qr_y) + offset))
        out = io.BytesIO()
        picture.save(out, format="PNG", dpi=(DPI, DPI))
        return out.getvalue()

    def svg(self):
        """The card as an SVG document, in millimetres."""
        layout = self.layout
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}mm" height="{HEIGHT}mm" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT_FAMILY}">',
            f"<title>{escape(drawable(self.name))}</title>",
            f"<desc>{escape(self.url)}</desc>",
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{WHITE}"/>',
            f'<rect width="{WIDTH}" height="{BAND}" fill="{BRAND}"/>',
            _nested(_mark_svg(), MARGIN, (BAND - MARK) / 2, MARK),
        ]
        for line in layout.lines:
            parts.append(_svg_line(line))
        code = self.qr_svg().replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)
        parts.append(_nested(code, layout.qr_x, layout.qr_y, QR_SIZE))
        parts.append("</svg>\n")
        return "".join(parts)


def _draw_line(draw, line):
    size = px(line.size)
    width = sum(font(bold, size).getlength(text) for text, bold in line.parts)
    x = px(line.x) - (width / 2 if line.centred else 0)
    for text, bold in line.parts:
        draw.text((x, px(line.y)), text, font=font(bold, size), fill=line.colour, anchor="ls")
        x += font(bold, size).getlength(text)


def _svg_line(line):
    spans = "".join(
        f'<tspan font-weight="700">{escape(text)}</tspan>' if bold else escape(text)
        for text, bold in line.parts
    )
    anchor = ' text-anchor="middle"' if line.centred else ""
    return (
        f'<text x="{line.x:.2f}" y="{line.y:.2f}" font-size="{line.size}" '
        f'fill="{line.colour}"{anchor} xml:space="preserve">{spans}</text>'
    )


def _nested(svg, x, y, size):
    """An <svg> element (with a viewBox) placed in a square box of `size` mm at (x, y)."""
    tag, rest = svg.split(">", 1)
    tag = re.sub(r'\s(?:xmlns|width|height)="[^"]*"', "", tag)
    place = f'<svg x="{x:.2f}" y="{y:.2f}" width="{size}" height="{size}"'
    return tag.replace("<svg", place, 1) + ">" + rest


@functools.cache
def _mark_svg():
    """static/img/mark.svg without its comment."""
    with open(drawing.static_path("img/mark.svg"), encoding="utf-8") as file:
        return re.sub(r"<!--.*?-->\s*", "", file.read(), flags=re.S).strip()


def _mark_png(size, position):
    """Arguments for Image.paste: the mark (drawn from icon-512.png), where, its own mask."""
    mark = drawing.mark(size)
    return mark, position, mark


def for_centre(sentra):
    """The card of a centre, in the active language (its page's URL in that language too).

    Reads `sentra.kecamatan`: select it with the centre.
    """
    caption = (
        _("Scan to follow its construction")
        if sentra.is_under_construction
        else _("Scan for opening hours, tenants and directions")
    )
    return Card(
        heading=_("UMKM centre"),
        name=sentra.name,
        details=(district_line(sentra.kecamatan),),
        url=site.absolute(sentra.get_absolute_url()),
        caption=caption,
    )


def for_tenant(tenant):
    """The card of a tenant, in the active language. Reads its centre and that one's district."""
    stall = _("Stall %(stall)s, %(centre)s") % {
        "stall": tenant.stall_number,
        "centre": tenant.sentra.name,
    }
    return Card(
        heading=_("Tenant"),
        name=tenant.name,
        details=(stall, district_line(tenant.sentra.kecamatan)),
        url=site.absolute(tenant.get_absolute_url()),
        caption=_("Scan for products, opening hours and directions"),
    )


def district_line(kecamatan):
    return _("%(district)s district") % {"district": kecamatan.name}


def signboard_url(sentra):
    """Where the signboard's code leads: the construction section of the centre's page."""
    return site.absolute(sentra.get_absolute_url()) + "#" + CONSTRUCTION_ANCHOR


def signboard_qr(url):
    # High error correction (30 %): a signboard stands in sun, rain and dust for months.
    return segno.make(url, error="h", micro=False, boost_error=False)


def signboard_png(url):
    qr = signboard_qr(url)
    modules = qr.symbol_size(border=QR_BORDER)[0]
    scale = -(-SIGNBOARD_PIXELS // modules)  # whole pixels a module, at least the width asked
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=QR_BORDER, dpi=DPI)
    return buffer.getvalue()


def signboard_svg(url, title):
    buffer = io.BytesIO()
    signboard_qr(url).save(
        buffer,
        kind="svg",
        scale=SIGNBOARD_MODULE_MM,
        unit="mm",
        border=QR_BORDER,
        dark=QR_DARK,
        light=WHITE,
        title=title,
        desc=url,
        svgclass=None,
        lineclass=None,
    )
    return buffer.getvalue()

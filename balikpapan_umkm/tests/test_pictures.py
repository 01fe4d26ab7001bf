"""Pictures: only JPEG, PNG and WebP, decoded in full once, stored without hidden metadata."""

import io
import os
import re
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import EpsImagePlugin, ExifTags, Image

from balikpapan_umkm import pictures, thumbnails
from balikpapan_umkm.pictures import PictureFormField, clean_picture
from sentra.models import ProgressUpdate, Sentra

pytestmark = pytest.mark.django_db


# --- Pictures made for the tests ---------------------------------------------


def encoded(image_format, size=(64, 48), **options):
    buffer = io.BytesIO()
    mode = "1" if image_format == "PNG-1bit" else "RGB"
    Image.new(mode, size, "#0b5d6b" if mode == "RGB" else 0).save(
        buffer, image_format.split("-")[0], **options
    )
    return buffer.getvalue()


def noisy_jpeg(size=(400, 300)):
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def minimal_psd():
    """A 1x1 greyscale Photoshop file, which Pillow would decode if asked."""
    header = b"8BPS" + (1).to_bytes(2) + bytes(6) + (1).to_bytes(2)
    header += (1).to_bytes(4) + (1).to_bytes(4) + (8).to_bytes(2) + (1).to_bytes(2)
    sections = bytes(4) * 3  # colour mode data, image resources, layers: all empty
    return header + sections + (0).to_bytes(2) + b"\x80"


def phone_photo(image_format="JPEG"):
    """A 40 x 20 photo taken sideways, with the owner's name and GPS position in EXIF."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90 degrees clockwise to show
    exif[ExifTags.Base.Artist] = "Budi Pemilik Rumah"
    exif[ExifTags.Base.Model] = "KameraRahasia X1"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (1.0, 16.0, 7.0)
    options = {"exif": exif}
    if image_format != "PNG":
        options["xmp"] = (
            b"<x:xmpmeta><rdf:Description>Alamat rumah Budi</rdf:Description></x:xmpmeta>"
        )
    return encoded(image_format, size=(40, 20), **options)


REFUSED_FORMATS = {
    "eps": lambda: encoded("EPS"),
    "psd": minimal_psd,
    "gif": lambda: encoded("GIF"),
    "bmp": lambda: encoded("BMP"),
    "tiff": lambda: encoded("TIFF"),
    "ico": lambda: encoded("ICO"),
    "pdf": lambda: encoded("PDF"),
    "text": lambda: b"bukan gambar",
}


@pytest.fixture
def no_ghostscript(monkeypatch):
    """Fail the test if Pillow ever tries to run Ghostscript."""

    def refuse(*args, **kwargs):
        raise AssertionError("Ghostscript was called")

    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", refuse)
    monkeypatch.setattr(EpsImagePlugin, "has_ghostscript", lambda: True)


def refusal(data, name="foto.jpg"):
    with pytest.raises(ValidationError) as caught:
        PictureFormField().clean(SimpleUploadedFile(name, data, "image/jpeg"))
    return caught.value.code


# --- Only the formats we mean --------------------------------------------------


@pytest.mark.parametrize("kind", REFUSED_FORMATS)
def test_only_jpeg_png_and_webp_are_accepted_judged_by_content(kind, no_ghostscript):
    assert refusal(REFUSED_FORMATS[kind](), name="foto.jpg") == "not_a_picture"


def test_the_refused_formats_are_ones_pillow_would_otherwise_open():
    """Proof that the refusals above come from naming formats, not from Pillow failing."""
    for kind in ("eps", "psd", "gif", "bmp", "tiff", "ico"):
        assert Image.open(io.BytesIO(REFUSED_FORMATS[kind]())).format


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_whatever_their_name(image_format):
    upload = PictureFormField().clean(
        SimpleUploadedFile("foto.gif", encoded(image_format), "image/gif")
    )
    assert upload.clean_picture.format == image_format
    assert upload.clean_picture.storage_name("foto.gif").endswith(
        "." + pictures.EXTENSIONS[image_format]
    )


def _project_sources():
    """The project's own Python files, tests aside. Hidden folders (.venv, .git) are not
    walked into: globbing the whole checkout read the virtualenv's 20,000 files, 2 s."""
    for folder, subfolders, files in os.walk(django_settings.BASE_DIR):
        subfolders[:] = [
            name for name in subfolders if not name.startswith(".") and name != "tests"
        ]
        yield from (Path(folder, name) for name in files if name.endswith(".py"))


def test_every_place_that_opens_an_image_names_the_allowed_formats():
    opened = []
    for path in _project_sources():
        for match in re.finditer(r"Image\.open\(([^)]*)\)", path.read_text()):
            opened.append((path.name, match.group(1)))
    assert opened == [("pictures.py", "file, formats=ALLOWED_FORMATS")]
    assert pictures.ALLOWED_FORMATS == ("JPEG", "PNG", "WEBP")


def test_an_eps_upload_in_the_admin_gets_a_message_and_never_reaches_ghostscript(
    client,
    staf_dprd,
    demo_data,
    no_ghostscript,
    admin_url,
):
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    client.force_login(staf_dprd)
    response = client.post(
        admin_url(ProgressUpdate, "add"),
        {
            "sentra": barat.pk,
            "physical_percent": 60,
            "recorded_on": "2025-06-30",
            "note": "Foto lapangan",
            "photo": SimpleUploadedFile("foto.jpg", encoded("EPS"), "image/jpeg"),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["photo"]
    assert [error.code for error in errors] == ["not_a_picture"]
    assert "Foto lapangan" in response.content.decode()  # the note typed is kept
    assert barat.progress_updates.count() == 1


# --- Size, and pictures decoded in full ------------------------------------------


def test_a_picture_over_the_byte_limit_is_refused_before_it_is_decoded(settings, monkeypatch):
    settings.MAX_UPLOAD_IMAGE_BYTES = 1000
    monkeypatch.setattr(pictures, "open_picture", lambda file: pytest.fail("decoded"))
    assert refusal(noisy_jpeg()) == "file_too_large"


def test_a_picture_with_too_many_pixels_is_refused_from_its_header(monkeypatch):
    # 1-bit PNGs: tiny files, many pixels. The second is beyond Pillow's own bomb limit.
    assert refusal(encoded("PNG-1bit", size=(7_000, 6_500))) == "too_many_pixels"
    assert refusal(encoded("PNG-1bit", size=(10_000, 10_000))) == "too_many_pixels"


def test_a_truncated_picture_that_passes_verify_is_refused_at_upload():
    truncated = noisy_jpeg()[:3000]
    Image.open(io.BytesIO(truncated)).verify()  # what Django's own ImageField relies on
    assert refusal(truncated) == "damaged"


# --- Nothing kept that we did not mean to publish ----------------------------------


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_the_stored_picture_is_upright_and_carries_no_position_camera_or_owner(image_format):
    original = phone_photo(image_format)
    assert b"Budi" in original

    picture = clean_picture(io.BytesIO(original))

    stored = Image.open(io.BytesIO(picture.data))
    assert stored.format == image_format
    assert stored.size == (20, 40)  # the EXIF rotation is applied to the pixels
    assert dict(stored.getexif()) == {}
    for secret in (b"Budi", b"KameraRahasia", b"Alamat", b"GPS"):
        assert secret not in picture.data


def test_the_colour_profile_is_kept():
    profile = Image.new("RGB", (1, 1)).info.get("icc_profile") or _srgb_profile()
    data = encoded("JPEG", icc_profile=profile)
    assert Image.open(io.BytesIO(clean_picture(io.BytesIO(data)).data)).info["icc_profile"] == (
        profile
    )


def _srgb_profile():
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_an_upload_is_stored_clean_with_its_thumbnails_made_before_any_view(demo_data):
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    update = ProgressUpdate(
        sentra=barat,
        recorded_on="2025-06-30",
        physical_percent=60,
        note="Rangka atap",
        photo=SimpleUploadedFile("Atap Timur.jpg", phone_photo(), "image/jpeg"),
    )
    update.save()

    name = update.photo.name
    assert re.fullmatch(r"sentra/progress/atap-timur-[0-9a-f]{12}\.jpg", name)
    with update.photo.open("rb") as stored:
        assert b"Budi" not in stored.read()
    for width in thumbnails.ALL_WIDTHS:
        assert default_storage.exists(f"thumbs/{width}/{name}.webp")
    assert default_storage.exists(f"thumbs/og/{name}.jpg")


def test_a_png_uploaded_with_a_jpg_name_is_stored_as_png(demo_data):
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    update = ProgressUpdate.objects.create(
        sentra=barat,
        recorded_on="2025-06-30",
        physical_percent=60,
        photo=SimpleUploadedFile("foto.jpg", encoded("PNG"), "image/jpeg"),
    )
    assert update.photo.name.endswith(".png")


# --- Thumbnails: one per original, written once ------------------------------------


def _legacy_original(name, data):
    """A picture stored before pictures were cleaned (or by hand): thumbnailed on first view."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def _colour_of(name):
    with default_storage.open(name) as thumb, Image.open(thumb) as image:
        return image.convert("RGB").getpixel((0, 0))


def test_x_png_and_x_jpg_of_two_centres_get_their_own_thumbnails():
    red, blue = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(red, "PNG")
    Image.new("RGB", (64, 48), "blue").save(blue, "JPEG")
    png_name = _legacy_original("produk/sama.png", red.getvalue())
    jpg_name = _legacy_original("produk/sama.jpg", blue.getvalue())

    png_thumb = thumbnails.thumbnail_name(png_name, 320)
    jpg_thumb = thumbnails.thumbnail_name(jpg_name, 320)

    assert png_thumb != jpg_thumb
    assert _colour_of(png_thumb)[0] > 200
    assert _colour_of(jpg_thumb)[2] > 200


def test_thirty_simultaneous_first_views_write_one_thumbnail():
    name = _legacy_original("produk/ramai.jpg", noisy_jpeg((1600, 1200)))
    folder = Path(default_storage.path(f"thumbs/320/{name}")).parent
    results, start = [], threading.Barrier(30)

    def first_view():
        start.wait()
        results.append(thumbnails.thumbnail_name(name, 320))

    threads = [threading.Thread(target=first_view) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(results) == {f"thumbs/320/{name}.webp"}
    assert sorted(path.name for path in folder.iterdir() if "ramai" in path.name) == [
        "ramai.jpg.webp"
    ]
    assert not [path for path in folder.iterdir() if path.name.startswith(".tmp-")]
    with default_storage.open(results[0]) as thumb:
        assert Image.open(thumb).size == (320, 240)


def test_a_picture_that_cannot_be_thumbnailed_is_decoded_once(monkeypatch, no_ghostscript):
    name = _legacy_original("produk/lama.eps", encoded("EPS"))
    opened = []
    real_open = pictures.open_picture

    def counting_open(file):
        opened.append(file)
        return real_open(file)

    monkeypatch.setattr(thumbnails, "open_picture", counting_open)
    for _view in range(3):
        assert thumbnails.srcset(_field_file(name), thumbnails.DETAIL_WIDTHS) == ("", "")
        assert thumbnails.share_image_name(name) is None
    assert len(opened) == 1


def _field_file(name):
    update = ProgressUpdate(photo=name)
    return update.photo


def test_a_thumbnail_seen_once_is_not_looked_up_on_storage_again(settings, tmp_path):
    """On S3 each lookup is an HTTP request: a catalogue page shows 24 pictures in two widths."""
    from balikpapan_umkm import thumbnails

    settings.MEDIA_ROOT = tmp_path  # empties the memory of what exists, as any new storage
    original = io.BytesIO()
    Image.new("RGB", (800, 600), "green").save(original, "JPEG")
    name = _legacy_original("produk/hijau.jpg", original.getvalue())
    thumbnails.make_all(name)
    first = thumbnails.thumbnail_name(name, 320)
    with mock.patch.object(default_storage, "exists", side_effect=AssertionError("looked up")):
        assert thumbnails.thumbnail_name(name, 320) == first

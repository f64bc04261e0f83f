"""An uploaded logo: decoded by Pillow and written again as a plain PNG, or refused.

Re-encoding is the safety: whatever the upload held (metadata, text chunks, a second
image, trailing bytes) the saved file has only the pixels. Pillow refuses images larger
than MAX_PIXELS before decoding them (a small file can unpack to gigabytes).
"""

from __future__ import annotations

import io
import warnings

from PIL import Image

from fbss_guide.clinic.details import MAX_LOGO_BYTES

MAX_PIXELS = 16_000_000  # as the clinic file's rule (clinic.MAX_LOGO_PIXELS)
MAX_SIDE = 1200  # a print logo needs no more; larger uploads are scaled down
ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


class LogoRefused(ValueError):
    """The upload is not a logo we can use; the message says why, in words."""


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def clean_logo(data: bytes) -> bytes:
    """The logo as a fresh PNG with no metadata, at most MAX_SIDE pixels a side."""
    if _looks_like_svg(data):
        raise LogoRefused(
            "SVG logos cannot be uploaded here (an SVG can hold scripts and links). "
            "Save the logo as a PNG and upload that"
        )
    too_large = LogoRefused(
        f"this image is too large: at most {MAX_PIXELS // 1_000_000} million pixels. "
        "Save the logo at a smaller size (1000 pixels wide is plenty for print)"
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit and raises at twice it; both mean "bomb".
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                if image.format not in ACCEPTED_FORMATS:
                    raise LogoRefused(
                        f"a {image.format} file is not accepted as a logo; upload a PNG"
                    )
                # Our own, lower limit, checked before a single pixel is decoded.
                if image.width * image.height > MAX_PIXELS:
                    raise too_large
                image.load()
                picture = _plain(image)
    except LogoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (OSError, SyntaxError, ValueError):
        raise LogoRefused(
            "this file is not an image we can read; upload the logo as a PNG"
        ) from None
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)  # no pnginfo: no text chunks, no EXIF
    png = out.getvalue()
    if len(png) > MAX_LOGO_BYTES:
        raise LogoRefused(
            f"the logo is {len(png) // 1024} KB as a PNG; the limit is "
            f"{MAX_LOGO_BYTES // 1024} KB. Upload a simpler or smaller image"
        )
    return png


def _plain(image: Image.Image) -> Image.Image:
    """Pixels only, in a mode PNG keeps (RGBA keeps transparency)."""
    mode = "RGBA" if image.mode in {"RGBA", "LA", "P", "PA"} or "A" in image.mode else "RGB"
    plain = image.convert(mode)
    return Image.frombytes(plain.mode, plain.size, plain.tobytes())

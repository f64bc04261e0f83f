"""Font subsetting for the web edition with HarfBuzz (libharfbuzz-subset).

The same library WeasyPrint uses for the PDF fonts, called through cffi (a WeasyPrint
dependency). It keeps the OpenType layout tables, so Arabic joins and marks still work,
and it subsets a CJK font in milliseconds where fontTools takes seconds.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef unsigned int hb_codepoint_t;
typedef enum { HB_SUBSET_SETS_UNICODE = 1 } hb_subset_sets_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, hb_subset_sets_t set_type);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""


@cache
def _library() -> tuple[Any, Any]:
    from cffi import FFI

    ffi = FFI()
    ffi.cdef(_CDEF)
    for name in ("harfbuzz-subset", "libharfbuzz-subset.so.0"):
        try:
            return ffi, ffi.dlopen(name)
        except OSError:
            continue
    raise OSError("libharfbuzz-subset is not installed (Debian: libharfbuzz-subset0)")


def subset_font(source: Path, index: int, codepoints: set[int]) -> bytes:
    """An OpenType font with only the glyphs for these characters (and their layout)."""
    ffi, hb = _library()
    blob = hb.hb_blob_create_from_file_or_fail(str(source).encode())
    if blob == ffi.NULL:
        raise OSError(f"cannot read font {source}")
    face = hb.hb_face_create(blob, index)
    request = hb.hb_subset_input_create_or_fail()
    try:
        unicodes = hb.hb_subset_input_set(request, hb.HB_SUBSET_SETS_UNICODE)
        for codepoint in sorted(codepoints):
            hb.hb_set_add(unicodes, codepoint)
        result = hb.hb_subset_or_fail(face, request)
        if result == ffi.NULL:
            raise OSError(f"HarfBuzz could not subset {source}")
        data_blob = hb.hb_face_reference_blob(result)
        length = ffi.new("unsigned int *")
        data = hb.hb_blob_get_data(data_blob, length)
        output = bytes(ffi.buffer(data, length[0]))
        hb.hb_blob_destroy(data_blob)
        hb.hb_face_destroy(result)
        return output
    finally:
        hb.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)

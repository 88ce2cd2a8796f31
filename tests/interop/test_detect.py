"""Format detection from a file's first bytes and name."""

from __future__ import annotations

import json

import pytest

from fibrotrack.errors import ValidationError
from fibrotrack.interop.detect import FORMATS, HEAD_BYTES, detect_format
from fibrotrack.interop.fhir import build_bundle


@pytest.mark.parametrize(("head", "filename", "expected"), [
    (b"PK\x03\x04\x14\x00\x08\x00", "export.zip", "apple-health"),
    (b"PK\x03\x04\x14\x00\x08\x00", None, "apple-health"),
    (b"", "export.zip", "apple-health"),
    (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n', None, "apple-health"),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- comment -->\n', "export.xml", "apple-health"),
    ('{\n  "resourceType": "Bundle",\n  "type": "collection"', "bundle.json", "fhir"),
    (b'{"format": "fibrotrack", "version": 1, "person": {}', None, "json"),
    (b"at,trackable,value,unit,body_site,detail,note,source_id\n2024-01-05T08:00:00+01:00,pain,3", None, "csv"),
    (b"\xef\xbb\xbfDate,Fibromyalgia,Muscle weakness,Pregabalin,Tags,Foods\n2017-04-26,3,2,75 mg,,\n", None,
     "flaredown"),
    (b"user_id,age,sex,country,checkin_date,trackable_id,trackable_type,trackable_name,trackable_value\n", "fd.csv",
     "flaredown"),
])
def test_detect_format(head, filename, expected):
    assert detect_format(head, filename=filename) == expected
    assert expected in FORMATS


def test_a_real_bundle_head_is_fhir(fhir_export):
    text = json.dumps(build_bundle(fhir_export), indent=2)
    assert detect_format(text.encode()[:HEAD_BYTES], filename=None) == "fhir"


@pytest.mark.parametrize(("head", "filename", "expected"), [
    (b"<html><body>hello</body></html>", "page.html", "not an Apple Health export"),
    (b'{"name": "something else"}', None, "neither a fibrotrack export nor a FHIR"),
    (b"date,mood\n2024-01-01,3\n", "bearable.csv", "--format"),
    (b"", None, "--format"),
])
def test_unknown_content_asks_for_a_format(head, filename, expected):
    with pytest.raises(ValidationError) as caught:
        detect_format(head, filename=filename)
    assert caught.value.field == "format" and expected in caught.value.problem

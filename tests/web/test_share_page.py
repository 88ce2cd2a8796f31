"""The Share page: the clinician report for a chosen period, export links, and file import with every
problem shown (nothing imported) or the counts of what was added."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.services.demo import fill_demo
from fibrotrack.storage import open_database
from fibrotrack.web.app import create_app

HEADER = "at,trackable,value,unit,body_site,detail,note,source_id\n"


@pytest.fixture
def client(sqlite_url):
    db = open_database(sqlite_url)
    fill_demo(db, person="me", days=40, seed=3)
    with TestClient(create_app(Settings(db_url=sqlite_url, time_zone="UTC", person="me"), db=db)) as test_client:
        test_client.get("/share")
        yield test_client


def upload(client: TestClient, text: str, *, token: bool = True, **form):
    url = "/share/import" + (f"?csrf_token={client.cookies.get('ft_csrf')}" if token else "")
    return client.post(url, files={"file": ("diary.csv", text.encode(), "text/csv")}, data=form)


def test_the_report_downloads_for_the_chosen_period_and_bad_dates_are_shown_next_to_the_field(client):
    page = client.get("/share")
    assert 'action="/share/report.pdf"' in page.text and 'href="/api/export?format=fhir"' in page.text
    pdf = client.get("/share/report.pdf", params={"from": "2026-10-20", "to": "2026-11-20"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "2026-10-20-2026-11-20" in pdf.headers["content-disposition"]
    bad = client.get("/share/report.pdf", params={"from": "2026-11-20", "to": "2026-10-01"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    assert "after the end date" in bad.text and 'value="2026-11-20"' in bad.text  # what was typed is kept
    assert client.get("/share/report.pdf", params={"from": "yesterday-ish"}).status_code == 422


def test_import_shows_every_bad_row_and_imports_nothing_then_counts_a_good_file(client):
    before = len(client.get("/api/observations", params={"limit": 10000}).json())
    bad = HEADER + "2026-11-01T08:00:00+00:00,pain,3,0-10,,,,a\nnope,pain,3,0-10,,,,b\n2026-11-01T09:00:00+00:00,pain,99,0-10,,,,c\n"
    refused = upload(client, bad)
    assert refused.status_code == 422
    assert "nothing was imported: 2 row(s)" in refused.text and "<td>3</td>" in refused.text
    assert len(client.get("/api/observations", params={"limit": 10000}).json()) == before
    skipped = upload(client, bad, skip_invalid="on")
    assert skipped.status_code == 200 and "Imported 1 entry" in skipped.text and "2 row(s) with a problem" in skipped.text
    again = upload(client, bad, skip_invalid="on")
    assert "Imported 0 entries" in again.text and "1 already in your diary" in again.text


def test_import_needs_a_file_and_the_session_token(client):
    assert "choose a file" in client.post(f"/share/import?csrf_token={client.cookies.get('ft_csrf')}",
                                          data={"format": ""}, files={"x": ("", b"", "text/plain")}).text
    assert upload(client, HEADER, token=False).status_code == 403
    unknown = upload(client, HEADER, format="word-document")
    assert unknown.status_code == 422 and "not a format" in unknown.text

"""Cross-site request forgery and oversized requests are refused, for the pages and the JSON API alike."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fibrotrack.config import Settings
from fibrotrack.web.app import create_app


@pytest.fixture
def client(sqlite_url):
    with TestClient(create_app(Settings(db_url=sqlite_url, time_zone="UTC"))) as test_client:
        test_client.get("/")
        yield test_client


def stored(client: TestClient) -> list:
    return client.get("/api/observations").json()


def test_the_page_sets_a_session_token_cookie_and_puts_it_in_its_forms(client):
    fresh = TestClient(client.app)
    page = fresh.get("/")
    cookie = page.headers["set-cookie"]
    assert "ft_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    token = fresh.cookies.get("ft_csrf")
    assert f'name="csrf_token" value="{token}"' in page.text
    assert "set-cookie" not in fresh.get("/").headers  # one token per session


def test_form_post_without_or_with_a_wrong_token_is_refused(client):
    assert client.post("/checkin", data={"fatigue": "5"}).status_code == 403
    assert client.post("/checkin", data={"fatigue": "5", "csrf_token": "guess"}).status_code == 403
    assert stored(client) == []
    ok = client.post("/checkin", data={"fatigue": "5", "csrf_token": client.cookies.get("ft_csrf")})
    assert ok.status_code == 200 and len(stored(client)) == 1


def test_token_in_a_header_works_for_htmx_and_multipart(client):
    token = client.cookies.get("ft_csrf")
    assert client.post("/checkin", data={"fatigue": "4"}, headers={"X-CSRF-Token": token}).status_code == 200
    multipart = client.post("/checkin", data={"fatigue": "3", "csrf_token": token},
                            files={"unused": ("a.txt", b"x", "text/plain")})
    assert multipart.status_code == 200
    assert client.post("/checkin", data={"fatigue": "3"}, files={"unused": ("a.txt", b"x")}).status_code == 403


def test_cross_site_posts_are_refused_even_with_a_token(client):
    token = client.cookies.get("ft_csrf")
    evil = client.post("/checkin", data={"fatigue": "5", "csrf_token": token},
                       headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and "another origin" in evil.json()["detail"]
    fetch = client.post("/checkin", data={"fatigue": "5", "csrf_token": token},
                        headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch.status_code == 403
    same = client.post("/checkin", data={"fatigue": "5", "csrf_token": token},
                       headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200 and len(stored(client)) == 1


def test_api_form_posts_need_the_token_but_same_origin_json_does_not(client):
    form = client.post("/api/triage/questions", data={"symptoms": "x"})
    assert form.status_code == 403
    plain = client.post("/api/observations", content=b'{"trackable": "pain", "value": 2}',
                        headers={"Content-Type": "text/plain"})
    assert plain.status_code == 403
    as_json = client.post("/api/observations", json={"trackable": "pain", "value": 2},
                          headers={"Origin": "http://testserver"})
    assert as_json.status_code == 201
    cross = client.post("/api/observations", json={"trackable": "pain", "value": 2},
                        headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403 and len(stored(client)) == 1


def test_browsers_get_a_page_explaining_the_refusal(client):
    refused = client.post("/checkin", data={"fatigue": "5"}, headers={"Accept": "text/html"})
    assert refused.status_code == 403 and "<h1>Not sent</h1>" in refused.text and "kept in this browser" in refused.text


def test_oversized_requests_are_413(client):
    token = client.cookies.get("ft_csrf")
    big_note = "x" * 1_100_000
    page = client.post("/checkin", data={"note": big_note, "fatigue": "5", "csrf_token": token})
    assert page.status_code == 413
    api = client.post("/api/observations", json={"trackable": "pain", "value": 2, "note": big_note})
    assert api.status_code == 413 and "too large" in api.json()["detail"]

    def chunks():
        for _ in range(12):
            yield b"y" * 100_000

    streamed = client.post("/api/observations", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert stored(client) == []
    assert client.post("/checkin", data={"note": "x" * 900_000, "fatigue": "5", "csrf_token": token}).status_code == 422


def test_unsafe_methods_on_the_api_follow_the_same_rules(client):
    created = client.post("/api/observations", json={"trackable": "pain", "value": 2}).json()
    path = f"/api/observations/{created['id']}"
    assert client.patch(path, json={"value": 3}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.delete(path, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.delete(path).status_code == 200


def test_imports_stream_past_the_page_limit_but_need_the_token_in_a_header(client):
    # An Apple Health export is often over a gigabyte: /api/import has its own limit and is not buffered.
    big = b"not,a,diary\n" + b"x" * 1_500_000
    token = client.cookies.get("ft_csrf")
    refused = client.post("/api/import", files={"file": ("big.csv", big, "text/csv")}, data={"csrf_token": token})
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
    passed = client.post("/api/import", files={"file": ("big.csv", big, "text/csv")}, headers={"X-CSRF-Token": token})
    assert passed.status_code == 422, passed.text  # read, then refused for what it is, not for its size
    assert stored(client) == []


def test_an_upload_over_its_own_limit_is_413_or_cut_off():
    from fibrotrack.web.security import RequestGuard

    received: list[int] = []

    async def app(scope, receive, send):
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                received.append(-1)
                break
            total += len(message.get("body", b""))
            if not message.get("more_body"):
                received.append(total)
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guarded = TestClient(RequestGuard(app, upload_paths={"/up": 1000}))
    guarded.get("/")
    headers = {"X-CSRF-Token": guarded.cookies.get("ft_csrf")}
    received.clear()
    assert guarded.post("/up", content=b"a" * 900, headers=headers).status_code == 200 and received == [900]
    assert guarded.post("/up", content=b"a" * 1001, headers=headers).status_code == 413

    def chunks():
        for _ in range(5):
            yield b"b" * 300

    guarded.post("/up", content=chunks(), headers=headers)
    assert received[-1] == -1  # the route saw the stream end as a disconnect at the limit

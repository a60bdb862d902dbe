"""Logging in with a `next` that Django refuses (another site) lands on the admin, not on a 404."""

import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "an-editor-password"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"])
def test_a_rejected_next_lands_on_the_admin_index(client, editor, next_url):
    # WHEN an editor logs in through a link whose `next` points off the site
    response = client.post(
        "/admin/login/", {"username": editor.username, "password": PASSWORD, "next": next_url}, follow=True
    )
    # THEN Django ignores it and the editor lands on a page that exists: the admin index
    assert response.redirect_chain and response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200 and response.wsgi_request.user.is_authenticated


def test_a_safe_next_is_still_followed(client, editor):
    response = client.post(
        "/admin/login/", {"username": editor.username, "password": PASSWORD, "next": "/admin/archive/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/archive/"

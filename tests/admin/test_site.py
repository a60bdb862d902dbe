"""The editors' admin is the archive's: its name on every page and in every tab."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_admin_pages_carry_the_archives_name_not_djangos(editor_client):
    """GIVEN the login page and the article list WHEN an editor looks at the header and the tab
    THEN they name the news archive (they said "Django administration" and "… | Django site admin")."""
    for page in (Client().get("/admin/login/"), editor_client.get("/admin/archive/article/")):
        assert page.status_code == 200, page
        html = page.content.decode()
        assert "News archive: editing" in html and "| News archive editing</title>" in html
        assert "Django administration" not in html and "Django site admin" not in html

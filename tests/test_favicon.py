"""The favicon is a static file every page names; /favicon.ico (asked for by pages that name none,
such as admin and the report preview) redirects to it instead of a 404."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_is_served_and_named(client):
    assert finders.find("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    assert 'rel="icon"' in client.get("/accounts/login/").content.decode()

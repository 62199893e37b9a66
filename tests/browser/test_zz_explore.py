import pytest

@pytest.mark.django_db(transaction=True)
def test_explore(page, site, network):
    page.on("console", lambda m: print("CONSOLE", m.type, m.text, m.location))
    page.on("request", lambda r: print("REQ", r.url))
    page.goto(site("/en/"))
    page.wait_for_timeout(500)

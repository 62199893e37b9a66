import datetime

import pytest
from django.core import mail

from cities.enums import ApplicationState
from cities.services import applications as workflow


@pytest.fixture
def link(make_application, commission):
    application = make_application(ApplicationState.SUBMITTED)
    _, token = workflow.invite_commission(application)
    return application, f"/en/commission/{token}/", token


@pytest.mark.django_db(transaction=True)
class TestCommissionPage:
    def test_shows_the_application_and_the_endorsements_left(self, client, link):
        _, url, _ = link
        body = client.get(url).content.decode()
        assert "Galway (Ireland) has applied" in body
        assert "2 endorsements are left" in body
        assert "Mayor of Galway" in body
        assert 'name="robots" content="noindex, nofollow"' in body

    def test_endorse_records_the_decision_and_closes_the_link(self, client, link):
        application, url, _ = link
        mail.outbox.clear()
        response = client.post(
            url, {"decision": "endorse", "signed_by": "Ms Secretary", "comment": "Yes."}
        )
        assert response.status_code == 200
        assert "The link cannot be used again." in response.content.decode()
        application.refresh_from_db()
        assert application.state == "endorsed"
        assert [m.to for m in mail.outbox] == [["focal@galway.example"]]
        after = client.get(url).content.decode()
        assert "This link cannot be used" in after
        assert "Mayor of Galway" not in after  # a used link shows nothing of the application
        again = client.post(url, {"decision": "decline", "signed_by": "Someone"})
        assert again.status_code == 404
        application.refresh_from_db()
        assert application.state == "endorsed"

    def test_missing_name_is_explained(self, client, link):
        application, url, _ = link
        response = client.post(url, {"decision": "endorse", "signed_by": ""})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()
        application.refresh_from_db()
        assert application.state == "submitted"

    def test_tampered_and_unknown_links_are_not_found(self, client, link):
        _, _, token = link
        tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        assert client.get(f"/en/commission/{tampered}/").status_code == 404
        assert client.get("/en/commission/nothing/").status_code == 404
        assert client.get(f"/en/commission/{tampered}/pledge/").status_code == 404

    @pytest.mark.parametrize(
        ("days_after_close", "used_on_day", "works"),
        [(25, 28, False), (60, 40, True)],  # brought forward, or extended
    )
    def test_the_link_follows_the_calls_deadline_when_staff_move_it(
        self, client, link, time_machine, days_after_close, used_on_day, works
    ):
        application, url, token = link
        call = application.call
        sent_with = call.commission_deadline  # 30 days after closing
        call.commission_deadline = call.closes_at + datetime.timedelta(days=days_after_close)
        call.save()
        time_machine.move_to(call.closes_at + datetime.timedelta(days=used_on_day))

        page = client.get(url)
        decided = client.post(url, {"decision": "endorse", "signed_by": "N. C."})

        invitation = workflow.invitation_for_token(token)
        assert invitation.expires_at == sent_with  # what the e-mail said; the call decides
        assert (page.status_code, decided.status_code) == ((200, 200) if works else (404, 404))
        assert invitation.decision == ("endorse" if works else "")

    def test_pledge_is_served_to_the_link_while_it_is_valid(self, client, link):
        _, url, _ = link
        response = client.get(url + "pledge/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        client.post(url, {"decision": "decline", "signed_by": "Someone"})
        assert client.get(url + "pledge/").status_code == 404

    def test_expired_link_says_so_and_shows_nothing(self, client, link, time_machine):
        application, url, _ = link
        deadline = application.call.commission_deadline
        time_machine.move_to(deadline + datetime.timedelta(seconds=1))
        body = client.get(url).content.decode()
        assert "This link cannot be used" in body
        assert "Mayor of Galway" not in body
        assert client.post(url, {"decision": "endorse", "signed_by": "X"}).status_code == 404

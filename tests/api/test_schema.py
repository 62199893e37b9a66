"""Property-based: schemathesis sends requests generated from the OpenAPI document to every
endpoint (through the WSGI application, in process) and checks that no answer is a server
error and that every answer conforms to the document (status, content type, headers, body).

Deterministic (derandomize) and bounded (max_examples) so that it runs in well under a
minute. The schema is loaded inside the test (it needs the database for the filters' values);
schemathesis' lazy pytest loader does not run under pytest 9."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.django_db

EXAMPLES = 20


def check_operation(operation):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate()

    run()


@pytest.fixture
def wsgi_app():
    """The portal's WSGI application, keeping the test's database connection between requests
    (as Django's test client does): closing it would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_generated_requests_get_answers_that_conform_to_the_document(open_data, settings, wsgi_app):
    # Hundreds of requests from one address: the rate limit is tested in test_http.py.
    settings.API_RATE_LIMIT = ""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        check_operation(operation)

    # Every endpoint but the document itself, which schemathesis reads rather than tests.
    assert len(operations) == 16

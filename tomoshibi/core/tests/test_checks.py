from django.test import override_settings

from tomoshibi.core.checks import audit_retention_is_long_enough, site_url_is_public


@override_settings(DEBUG=False, SITE_URL="http://127.0.0.1:8000")
def test_it_warns_when_posters_would_carry_a_local_address_in_production():
    (warning,) = site_url_is_public()
    assert warning.id == "tomoshibi.W001" and "SITE_URL" in warning.msg


@override_settings(DEBUG=False, SITE_URL="https://tomoshibi.example.jp")
def test_it_is_quiet_with_a_public_address():
    assert site_url_is_public() == []


@override_settings(DEBUG=True, SITE_URL="http://127.0.0.1:8000")
def test_it_is_quiet_in_development():
    assert site_url_is_public() == []


@override_settings(AUDIT_RETENTION_DAYS=30)
def test_it_refuses_an_audit_retention_shorter_than_a_year():
    (error,) = audit_retention_is_long_enough()
    assert error.id == "tomoshibi.E001" and error.is_serious()


def test_the_default_audit_retention_is_accepted():
    assert audit_retention_is_long_enough() == []

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tomoshibi.directory.actions import do_import_services
from tomoshibi.directory.csvformat import BUNDLED, iter_rows


@pytest.fixture
def directory(db):
    """The bundled directory, imported through the same action as `tomoshibi directory import`."""
    return do_import_services(list(iter_rows(BUNDLED)))


@pytest.fixture
def maintainer_client(db):
    """A superuser signed in to the admin with a password and a TOTP code, as the admin requires."""
    password = "a long enough password 1"
    user = get_user_model().objects.create_superuser("maintainer", "m@example.invalid", password)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    response = client.post(
        "/admin/login/",
        {
            "username": user.username,
            "password": password,
            "otp_device": device.persistent_id,
            "otp_token": totp(device.bin_key),
        },
    )
    assert response.status_code == 302, "the admin sign-in failed"
    return client

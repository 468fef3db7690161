import pytest

from tomoshibi.accounts.actions import do_create_staff_account
from tomoshibi.accounts.tests.personas import PASSWORD, Staff, signed_in_client
from tomoshibi.accounts.totp import new_key
from tomoshibi.directory.tests.fixture import import_directory


@pytest.fixture
def directory(db):
    """The bundled directory and its contacts, imported through the same action as `tomoshibi directory import`."""
    return import_directory()


@pytest.fixture
def maintainer_client(db):
    """A platform admin signed in through the staff sign-in (password, TOTP), as the admin requires."""
    totp_key = new_key()
    user, _keys = do_create_staff_account(
        email="maintainer@example.invalid", password=PASSWORD, totp_key=totp_key, is_platform_admin=True
    )
    return signed_in_client(Staff(user, None, PASSWORD, totp_key))

"""The server-held key: secrets encrypted under it open only with the same key."""

import pytest
from django.test import override_settings

from tomoshibi.vault import crypto
from tomoshibi.vault.keys import decrypt_server_secret, encrypt_server_secret, server_held_key


def test_it_round_trips_a_secret_and_never_stores_it_in_clear():
    sealed = encrypt_server_secret("test-purpose", b"channel-secret-value")
    assert b"channel-secret-value" not in sealed
    assert decrypt_server_secret("test-purpose", sealed) == b"channel-secret-value"


def test_it_gives_each_purpose_its_own_key():
    assert server_held_key("one") != server_held_key("two")
    with pytest.raises(crypto.WrongKey):
        decrypt_server_secret("two", encrypt_server_secret("one", b"x"))


def test_it_cannot_open_a_secret_after_the_server_key_changes():
    sealed = encrypt_server_secret("test-purpose", b"x")
    with override_settings(VAULT_SERVER_KEY="another-server-key-0123456789-abcdefgh"), pytest.raises(crypto.WrongKey):
        decrypt_server_secret("test-purpose", sealed)

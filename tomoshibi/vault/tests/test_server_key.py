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


def test_it_opens_a_secret_under_a_retired_key_while_it_is_listed_as_a_fallback(settings):
    sealed = encrypt_server_secret("test-purpose", b"x")
    retired = settings.VAULT_SERVER_KEY
    with override_settings(VAULT_SERVER_KEY="another-server-key-0123456789-abcdefgh"):
        with override_settings(VAULT_SERVER_KEY_FALLBACKS=[retired]):
            assert decrypt_server_secret("test-purpose", sealed) == b"x"
        with pytest.raises(crypto.WrongKey):
            decrypt_server_secret("test-purpose", sealed)


def test_it_stores_whether_a_derivation_is_peppered_with_its_parameters():
    for peppered in (False, True):
        params = crypto.KdfParams.new(crypto.MINIMAL, peppered=peppered)
        assert crypto.KdfParams.from_bytes(params.to_bytes()) == params
    with pytest.raises(crypto.VaultError):
        crypto.derive_password_keys("a password", crypto.KdfParams.new(crypto.MINIMAL, peppered=True))

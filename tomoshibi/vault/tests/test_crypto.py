import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomoshibi.vault import crypto

FAST = crypto.MINIMAL
receipts = st.text(alphabet="0123456789", min_size=16, max_size=16)


def test_it_seals_to_a_public_key_and_only_the_private_key_opens_it():
    organisation, stranger = crypto.generate_key_pair(), crypto.generate_key_pair()
    sealed = crypto.seal(organisation.public_key, "助けてください")
    assert "助けて".encode() not in sealed
    assert crypto.unseal_text(organisation.private_key, sealed) == "助けてください"
    with pytest.raises(crypto.WrongKey):
        crypto.unseal(stranger.private_key, sealed)


def test_it_seals_the_same_text_differently_each_time():
    pair = crypto.generate_key_pair()
    assert crypto.seal(pair.public_key, "same") != crypto.seal(pair.public_key, "same")


def test_it_wraps_a_private_key_under_a_password_and_refuses_the_wrong_password():
    private_key = crypto.generate_key_pair().private_key
    params = crypto.KdfParams.new(FAST)
    wrapped = crypto.wrap(crypto.derive_password_keys("correct horse battery", params).wrapping_key, private_key)
    assert private_key not in wrapped
    right = crypto.derive_password_keys("correct horse battery", params)
    assert crypto.unwrap(right.wrapping_key, wrapped) == private_key
    with pytest.raises(crypto.WrongKey):
        crypto.unwrap(crypto.derive_password_keys("correct horse batterz", params).wrapping_key, wrapped)


def test_it_derives_different_keys_from_the_same_password_with_another_salt():
    first = crypto.derive_password_keys("same password", crypto.KdfParams.new(FAST))
    second = crypto.derive_password_keys("same password", crypto.KdfParams.new(FAST))
    assert first.wrapping_key != second.wrapping_key
    assert first.key_pair.public_key != second.key_pair.public_key


def test_it_stores_the_cost_beside_the_salt():
    params = crypto.KdfParams.new(crypto.INTERACTIVE)
    restored = crypto.KdfParams.from_bytes(params.to_bytes())
    assert restored == params
    assert restored.cost.memlimit == 64 * 1024 * 1024
    with pytest.raises(crypto.VaultError):
        crypto.KdfParams.from_bytes(b"\x09" + params.to_bytes()[1:])


def test_it_opens_a_recovery_wrap_with_the_key_as_printed_or_retyped():
    recovery_key = crypto.new_recovery_key()
    private_key = crypto.generate_key_pair().private_key
    wrapped = crypto.wrap(crypto.recovery_wrapping_key(recovery_key), private_key)
    retyped = recovery_key.lower().replace("-", " ")
    assert crypto.unwrap(crypto.recovery_wrapping_key(retyped), wrapped) == private_key
    assert len(recovery_key.replace("-", "")) == 52


@pytest.mark.parametrize("text", ["", "ABCD", "1" * 52, "ABCD-" * 12 + "ABC1"])
def test_it_refuses_text_that_is_not_a_recovery_key(text):
    with pytest.raises(crypto.InvalidRecoveryKey):
        crypto.recovery_wrapping_key(text)


def test_it_makes_receipts_of_sixteen_random_digits():
    drawn = {crypto.new_receipt() for _ in range(200)}
    assert len(drawn) == 200
    assert all(len(r) == 16 and r.isascii() and r.isdigit() for r in drawn)


@given(receipts)
def test_it_reads_back_a_receipt_in_the_grouped_form_it_was_shown(receipt):
    assert crypto.normalise_receipt(crypto.format_receipt(receipt)) == receipt


@pytest.mark.parametrize(
    "typed",
    ["1234-5678-9012-3456", "１２３４ ５６７８ ９０１２ ３４５６", " 1234567890123456 ", "๑๒๓๔๕๖๗๘๙๐๑๒๓๔๕๖"],
)
def test_it_accepts_receipts_typed_with_dashes_full_width_or_thai_digits(typed):
    assert crypto.normalise_receipt(typed) == "1234567890123456"


@pytest.mark.parametrize("typed", ["", "123456789012345", "12345678901234567", "1234 5678 9012 345a"])
def test_it_refuses_anything_but_sixteen_digits(typed):
    assert crypto.normalise_receipt(typed) is None


def test_it_locates_by_the_first_six_digits_under_a_server_key():
    key, other_key = b"k" * 32, b"o" * 32
    assert crypto.receipt_locator("1234560000000000", key) == crypto.receipt_locator("1234569999999999", key)
    assert crypto.receipt_locator("1234560000000000", key) != crypto.receipt_locator("1234570000000000", key)
    assert crypto.receipt_locator("1234560000000000", key) != crypto.receipt_locator("1234560000000000", other_key)


@settings(max_examples=20, deadline=None)
@given(receipts, receipts)
def test_it_derives_the_same_person_keys_only_from_the_same_receipt(receipt, other):
    params = crypto.KdfParams.new(FAST)
    keys = crypto.derive_receipt_keys(receipt, params)
    again = crypto.derive_receipt_keys(receipt, params)
    assert again.matches(keys.check) and again.key_pair == keys.key_pair
    if other != receipt:
        assert not crypto.derive_receipt_keys(other, params).matches(keys.check)


def test_it_lets_the_person_read_replies_sealed_to_the_key_their_receipt_derives():
    receipt, params = crypto.new_receipt(), crypto.KdfParams.new(FAST)
    public_key = crypto.derive_receipt_keys(receipt, params).key_pair.public_key
    reply = crypto.seal(public_key, "We can help you tomorrow.")
    private_key = crypto.derive_receipt_keys(receipt, params).key_pair.private_key
    assert crypto.unseal_text(private_key, reply) == "We can help you tomorrow."


def test_it_derives_token_keys_that_differ_from_the_token_lookup():
    secret = crypto.new_token_secret()
    assert crypto.token_wrapping_key(secret).hex() != crypto.token_lookup(secret)
    assert len(crypto.token_wrapping_key(secret)) == crypto.KEY_BYTES

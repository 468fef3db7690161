"""Finding a conversation by receipt costs the same work whether or not the receipt is right."""

import pytest

from tomoshibi.consultations import receipts
from tomoshibi.testing.personas import start
from tomoshibi.vault import crypto
from tomoshibi.vault import receipts as vault_receipts

pytestmark = pytest.mark.django_db


@pytest.fixture
def derivations(monkeypatch):
    """Count Argon2id derivations made while looking receipts up (the real function still runs)."""
    calls = []
    real = crypto.derive_receipt_keys

    def counted(receipt, params):
        calls.append(params.cost)
        return real(receipt, params)

    monkeypatch.setattr(vault_receipts.crypto, "derive_receipt_keys", counted)
    return calls


def variants(receipt: str) -> dict[str, str]:
    digits = receipt.replace(" ", "")
    other_ending = digits[:6] + str((int(digits[6:]) + 1) % 10**10).zfill(10)
    other_start = str((int(digits[:6]) + 1) % 10**6).zfill(6) + digits[6:]
    return {"right": digits, "right start, wrong ending": other_ending, "wrong start": other_start}


def test_it_derives_exactly_once_for_a_right_a_near_and_a_far_receipt(org_a, derivations):
    _client, receipt = start(org_a.slug, "hello")
    found = {}
    for name, candidate in variants(receipt).items():
        derivations.clear()
        found[name] = receipts.find_conversation(candidate)
        assert len(derivations) == 1, name
        assert derivations[0] == crypto.MINIMAL  # the cost in force, also for the throwaway derivation
    assert found["right"] is not None
    assert found["right start, wrong ending"] is None and found["wrong start"] is None


def test_it_issues_receipts_whose_locator_is_not_yet_taken(org_a):
    for _ in range(5):
        start(org_a.slug, "")
    from tomoshibi.consultations.models import Conversation

    locators = list(Conversation.objects.values_list("locator", flat=True))
    assert len(set(locators)) == len(locators)


def test_the_found_key_opens_what_was_sealed_to_the_person(org_a):
    _client, receipt = start(org_a.slug, "mensahe")
    found = receipts.find_conversation(receipt.replace(" ", ""))
    message = found.conversation.messages.get()
    assert crypto.unseal_text(found.private_key, message.sealed_for_person) == "mensahe"

"""Signed codes: certificates, organisation codes and training progress, without stored personal data."""

from datetime import date

import pytest
from django.core import signing
from django.test import override_settings

from tomoshibi.screening import tokens

CERTIFICATE = tokens.Certificate("cabin_crew", "1", date(2025, 4, 1), 2, 3)


def test_it_reads_back_the_certificate_a_code_stands_for():
    assert tokens.read_certificate(CERTIFICATE.code) == CERTIFICATE
    assert CERTIFICATE.code.startswith("cabin_crew-1-20250401-2-3-")


def test_it_accepts_a_code_typed_with_spaces_and_in_other_case():
    head, _dash, sig = CERTIFICATE.code.rpartition("-")
    assert tokens.read_certificate(f"  {head.upper()}-{sig[:8].lower()} {sig[8:].lower()} ") == CERTIFICATE


@pytest.mark.parametrize(
    "change",
    [
        lambda code: code.replace("-2-3-", "-3-3-"),  # a better score
        lambda code: code.replace("20250401", "20250402"),  # another day
        lambda code: code.replace("cabin_crew", "hotel"),  # another module
        lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),  # a forged signature
        lambda code: code[:-4],  # a shortened signature
        lambda code: "not a code",
    ],
)
def test_it_refuses_a_changed_certificate_code(change):
    with pytest.raises(tokens.BadToken):
        tokens.read_certificate(change(CERTIFICATE.code))


def test_it_refuses_a_signed_certificate_with_an_impossible_date():
    impossible = tokens.Certificate("hotel", "1", date(2025, 2, 1), 1, 3).payload.replace("20250201", "20250231")
    code = f"{impossible}-{tokens.signature(tokens.CERTIFICATE_SALT, impossible, 16)}"
    with pytest.raises(tokens.BadToken):
        tokens.read_certificate(code)


def test_it_still_verifies_old_certificates_after_the_secret_key_is_rotated(settings):
    code = CERTIFICATE.code
    with override_settings(SECRET_KEY="n" * 60, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert tokens.read_certificate(code) == CERTIFICATE
    with override_settings(SECRET_KEY="n" * 60, SECRET_KEY_FALLBACKS=[]), pytest.raises(tokens.BadToken):
        tokens.read_certificate(code)


def test_it_makes_organisation_codes_that_check_and_catches_typos():
    code = tokens.new_organisation_code()
    assert len(code) == 14 and code.count("-") == 2
    assert tokens.normalise_organisation_code(code.lower().replace("-", " ")) == code
    typo = ("B" if code[0] != "B" else "C") + code[1:]
    with pytest.raises(tokens.BadToken):
        tokens.normalise_organisation_code(typo)


def test_it_stores_a_hash_of_the_organisation_code_that_survives_a_key_rotation(settings):
    code = tokens.new_organisation_code()
    stored = tokens.organisation_hash(code)
    assert code not in stored and len(stored) == 64
    with override_settings(SECRET_KEY="n" * 60, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert tokens.organisation_hash(code) == stored


def test_it_carries_training_progress_in_a_signed_token():
    state = tokens.TrainingState("hotel", "1", "ab" * 32, ("exploitation",))
    assert tokens.load_state(state.with_choice("nothing").dumps()).choices == ("exploitation", "nothing")


def test_it_refuses_forged_or_expired_progress(monkeypatch):
    forged = signing.dumps({"m": "hotel", "v": "1", "o": "", "c": ["x"]}, salt="another purpose")
    with pytest.raises(tokens.BadToken):
        tokens.load_state(forged)
    token = tokens.TrainingState("hotel", "1").dumps()
    now = signing.time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + tokens.STATE_MAX_AGE + 60)
    with pytest.raises(tokens.BadToken):
        tokens.load_state(token)

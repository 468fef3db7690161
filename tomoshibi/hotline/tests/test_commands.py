"""`tomoshibi hotline ...`: desks, lists of known addresses and partner keys from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from tomoshibi.hotline.canonical import url_hash
from tomoshibi.hotline.models import HotlineDesk, KnownHash, PartnerKey, Report
from tomoshibi.testing.personas import make_organisation, submit

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("hotline", *args, stdout=out)
    return out.getvalue()


def test_it_makes_an_organisation_a_hotline_desk(db):
    org = make_organisation("new-desk")
    assert "now receives reports" in run("create-desk", "new-desk", "--contact-email", "desk@new.example")
    assert HotlineDesk.objects.get(organisation=org.organisation).contact_email == "desk@new.example"
    with pytest.raises(CommandError, match="already a hotline desk"):
        run("create-desk", "new-desk")
    with pytest.raises(CommandError, match="No organisation"):
        run("create-desk", "nobody")


def test_it_imports_hashes_and_raises_matching_reports(hotline, tmp_path):
    report, _ = submit(hotline, "https://listed.example/a", category="other")
    listed = url_hash("https://listed.example/a")
    path = tmp_path / "known.txt"
    path.write_text(f"# list of 2026-11\n{listed.upper()}\n\n{'b' * 64}  # another\n{'b' * 64}\n")
    output = run("import-hashes", str(path))
    assert "2 hashes added" in output and "1 open reports raised" in output
    assert set(KnownHash.objects.values_list("url_hash", flat=True)) == {listed, "b" * 64}
    assert KnownHash.objects.first().list_name == "known.txt"
    report.refresh_from_db()
    assert report.matches_known_list
    assert "0 hashes added" in run("import-hashes", str(path))


def test_it_imports_a_list_of_addresses(hotline, tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# addresses\nHTTP://Known.example:80/x\n")
    run("import-hashes", str(path), "--urls", "--list-name", "partner")
    assert KnownHash.objects.get().url_hash == url_hash("http://known.example/x")


def test_it_names_bad_lines_and_imports_nothing(hotline, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(f"{'a' * 64}\nnot-a-hash\n{'c' * 63}\n")
    with pytest.raises(CommandError, match=r"2 line\(s\) are not a SHA-256 hash: 64 hexadecimal digits: line 2, 3"):
        run("import-hashes", str(path))
    assert KnownHash.objects.count() == 0


def test_it_asks_which_desk_when_there_are_several(hotline, other_hotline, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("a" * 64)
    with pytest.raises(CommandError, match="Say which desk with --desk"):
        run("import-hashes", str(path))
    run("import-hashes", str(path), "--desk", other_hotline.slug)
    assert KnownHash.objects.get().desk == other_hotline.desk


def test_it_creates_and_revokes_partner_keys(hotline):
    output = run("partner-key", "Trusted flagger")
    secret = output.strip().splitlines()[-1]
    key = PartnerKey.objects.get()
    assert secret not in key.lookup and len(secret) > 30
    run("revoke-partner-key", str(key.pk))
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert Report.objects.count() == 0

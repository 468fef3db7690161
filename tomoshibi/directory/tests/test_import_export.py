"""`tomoshibi directory import/export`, and the setup loader, through the real commands."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tomoshibi.accounts.models import Role
from tomoshibi.audit.models import AuditEvent
from tomoshibi.directory import reference_data
from tomoshibi.directory.csvformat import BUNDLED
from tomoshibi.directory.models import Contact, Service
from tomoshibi.testing.personas import make_organisation, make_staff, post_form, signed_in_client


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("directory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rows_of(path):
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


# The bundled file grows as services are checked and added; the tests count its rows instead of pinning a number.
BUNDLED_COUNT = len(rows_of(BUNDLED))


def write_rows(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.django_db
def test_it_imports_the_directory_once(tmp_path):
    first, _ = run("import", str(BUNDLED))
    second, _ = run("import", str(BUNDLED))
    assert first.startswith(f"{BUNDLED_COUNT} created, 0 updated, 0 unchanged")
    assert second.startswith(f"0 created, 0 updated, {BUNDLED_COUNT} unchanged")
    assert Service.objects.count() == BUNDLED_COUNT


@pytest.mark.django_db
def test_it_updates_a_changed_row(tmp_path):
    run("import", str(BUNDLED))
    rows = rows_of(BUNDLED)
    rows[0]["phone"] = "#8891"
    rows[0]["languages"] = "ja;en"
    changed = tmp_path / "changed.csv"
    write_rows(changed, rows)
    out, _ = run("import", str(changed))
    service = Service.objects.get(pk=rows[0]["id"])
    assert out.startswith(f"0 created, 1 updated, {BUNDLED_COUNT - 1} unchanged")
    assert (service.phone, service.languages) == ("#8891", "ja;en")


@pytest.mark.django_db
def test_it_reports_a_row_that_disappeared_and_keeps_it(tmp_path):
    run("import", str(BUNDLED))
    shorter = tmp_path / "shorter.csv"
    *kept, last = rows_of(BUNDLED)
    write_rows(shorter, kept)
    out, err = run("import", str(shorter))
    assert f"{BUNDLED_COUNT - 1} unchanged" in out
    assert "1 services in the database are not in" in err
    assert last["id"] in err
    assert Service.objects.filter(pk=last["id"]).exists()


@pytest.mark.django_db
def test_it_exports_what_it_imported(tmp_path):
    run("import", str(BUNDLED))
    exported = tmp_path / "exported.csv"
    run("export", str(exported))
    assert rows_of(exported) == rows_of(BUNDLED)  # the bundled file carries last_checked too
    out, err = run("import", str(exported))
    assert out.startswith(f"0 created, 0 updated, {BUNDLED_COUNT} unchanged") and not err


@pytest.mark.django_db
def test_it_exports_to_standard_output_with_the_last_checked_date():
    run("import", str(BUNDLED))
    Service.objects.filter(pk="nat-189").update(last_checked=date(2026, 4, 1))
    out, _ = run("export")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == BUNDLED_COUNT
    assert next(r for r in rows if r["id"] == "nat-189")["last_checked"] == "2026-04-01"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("kind", "shelter", "kind"),
        ("channels", "phone;fax", "unknown channels fax"),
        ("is_24h", "sometimes", "is_24h must be true, false or empty"),
        ("prefecture_code", "48", "prefecture_code"),
        ("source_url", "", "source_url"),
    ],
)
def test_it_refuses_a_bad_file_and_imports_nothing(tmp_path, column, value, message):
    rows = rows_of(BUNDLED)
    rows[5][column] = value
    bad = tmp_path / "bad.csv"
    write_rows(bad, rows)
    with pytest.raises(CommandError) as error:
        run("import", str(bad))
    assert message in str(error.value)
    assert "line 7" in str(error.value)
    assert error.value.returncode == 2
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_file_without_the_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nx,y\n")
    with pytest.raises(CommandError, match="missing columns: name_ja"):
        run("import", str(bad))


@pytest.mark.django_db
def test_it_loads_the_bundled_directory_on_first_setup_only():
    out = io.StringIO()
    reference_data.load(out, 1)
    Service.objects.filter(pk="nat-189").update(phone="189 (corrected)")
    reference_data.load(out, 1)
    assert Service.objects.count() == BUNDLED_COUNT
    assert Service.objects.get(pk="nat-189").phone == "189 (corrected)"
    assert f"{BUNDLED_COUNT} services loaded" in out.getvalue()


def admin_data(page) -> dict:
    """What the admin's change page would post unchanged: the entry's fields and its contacts' formset."""
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        for each in formset.forms:
            data |= {each.add_prefix(name): each.initial.get(name) or "" for name in each.fields if name != "DELETE"}
            data |= {each.add_prefix("service"): page.context["original"].pk, each.add_prefix("id"): each.instance.pk}
    return {key: "" if value is None else value for key, value in data.items()}


@pytest.mark.django_db
def test_it_dates_a_maintainers_edit_and_keeps_the_source(directory, maintainer_client):
    client = maintainer_client
    page = client.get("/admin/directory/service/nat-189/change/")
    data = admin_data(page) | {"phone": "189", "hours": "24h/365", "is_24h": "true"}
    response = post_form(client, "/admin/directory/service/nat-189/change/", data)
    service = Service.objects.get(pk="nat-189")
    assert response.status_code == 302
    assert service.last_checked is not None
    assert service.source_url.startswith("https://www.city.kawaguchi.lg.jp/")


@pytest.mark.django_db
def test_it_refuses_an_unknown_channel_in_the_admin(directory, maintainer_client):
    client = maintainer_client
    page = client.get("/admin/directory/service/nat-189/change/")
    data = admin_data(page) | {"channels": "phone;fax", "is_24h": "true"}
    response = post_form(client, "/admin/directory/service/nat-189/change/", data, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Unknown value: fax" in response.content.decode()
    assert Service.objects.get(pk="nat-189").channels == "phone"


def test_the_admin_sends_a_visitor_to_the_staff_sign_in(db):
    response = Client().get("/admin/", follow=True)
    assert "/staff/login/" in response.redirect_chain[-1][0]


def test_only_platform_admins_may_open_the_admin(db):
    counsellor = make_staff(make_organisation("admin-test"), Role.COUNSELLOR, "c@example.invalid")
    assert signed_in_client(counsellor).get("/admin/").status_code == 302


@pytest.mark.django_db
def test_it_lets_a_maintainer_correct_a_contact_and_audits_it(directory, maintainer_client):
    page = maintainer_client.get("/admin/directory/service/nat-dv-plus/change/")
    data = admin_data(page) | {"contacts-0-value": "03-0000-0109"}
    response = post_form(maintainer_client, "/admin/directory/service/nat-dv-plus/change/", data)
    assert response.status_code == 302
    contact = Contact.objects.get(service_id="nat-dv-plus", value="03-0000-0109")
    assert contact.last_checked is not None
    event = AuditEvent.objects.get(action="directory.contact_corrected")
    assert event.target_id == str(contact.pk) and event.new_values["fields"] == ["value"]
    assert AuditEvent.objects.filter(action="directory.service_corrected", target_id="nat-dv-plus").exists()


@pytest.mark.django_db
def test_it_refuses_a_line_contact_that_is_not_a_line_address(directory, maintainer_client):
    page = maintainer_client.get("/admin/directory/service/ngo-bond/change/")
    data = admin_data(page) | {"contacts-0-value": "@example-bond"}
    response = post_form(maintainer_client, "/admin/directory/service/ngo-bond/change/", data)
    assert response.status_code == 200
    assert Contact.objects.filter(service_id="ngo-bond", value__startswith="https://line.me/").exists()

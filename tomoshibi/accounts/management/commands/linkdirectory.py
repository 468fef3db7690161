from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from tomoshibi.accounts.actions import do_change_organisation_settings
from tomoshibi.accounts.models import Organisation
from tomoshibi.directory.models import Service


def already_taken(service_id: str, holder: str) -> str:
    return (
        f"{service_id!r} is already the entry of {holder!r}: referrals to an entry must reach one organisation. "
        f"Unlink it there first (linkdirectory {holder} --unlink)."
    )


class Command(BaseCommand):
    help = (
        "Link an organisation to its entry in the support directory, so that counsellors of other "
        "organisations can refer people to it (or --unlink it). Recorded in its audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's slug.")
        parser.add_argument("service_id", nargs="?", default="", help="The directory CSV id of its entry.")
        parser.add_argument("--unlink", action="store_true", help="Remove the link instead.")

    def handle(self, *args, organisation, service_id, unlink, **options):
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(f"No organisation has the slug {organisation!r}.")
        if unlink == bool(service_id):
            raise CommandError("Give either a directory id or --unlink.")
        if service_id and not Service.objects.filter(pk=service_id).exists():
            raise CommandError(f"No directory entry has the id {service_id!r}.")
        taken = Organisation.objects.filter(directory_service_id=service_id).exclude(pk=found.pk).first()
        if service_id and taken is not None:
            raise CommandError(already_taken(service_id, taken.slug))
        try:
            do_change_organisation_settings(found, acting_user=None, directory_service_id=service_id or None)
        except IntegrityError:  # another organisation claimed it between the check and the save
            holder = Organisation.objects.filter(directory_service_id=service_id).values_list("slug", flat=True)
            raise CommandError(already_taken(service_id, holder.first() or "?")) from None
        self.stdout.write(self.style.SUCCESS(f"{found.slug} → {service_id or 'no directory entry'}"))

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from tomoshibi.accounts.actions import do_create_organisation, do_invite_staff
from tomoshibi.accounts.links import absolute_url
from tomoshibi.accounts.models import MAX_RETENTION_DAYS, Organisation, Role
from tomoshibi.core.variants import full_languages
from tomoshibi.directory.models import Service


class Command(BaseCommand):
    help = (
        "Create a support organisation with its key pair. Prints the recovery key ONCE and an invitation link "
        "for the first organisation admin, who unlocks messages with that recovery key."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--slug", help="Short name used in addresses (default: from the name).")
        parser.add_argument("--admin-email", required=True, help="E-mail of the first organisation admin.")
        parser.add_argument("--directory-service-id", default="", help="The directory CSV id of its service entry.")
        parser.add_argument("--retention-days", type=int, default=90)
        parser.add_argument("--languages", default="", help="Comma-separated language codes it answers in.")
        parser.add_argument("--no-web", action="store_true", help="Do not list it for web consultations.")

    def handle(self, *args, name, admin_email, **options):
        slug = options["slug"] or slugify(name)
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        self.check_arguments(slug, languages, options["retention_days"])
        self.check_directory_entry(options["directory_service_id"])
        organisation, recovery_key, _private_key = do_create_organisation(
            name=name,
            slug=slug,
            directory_service_id=options["directory_service_id"] or None,
            retention_days=options["retention_days"],
            languages=languages,
            accepts_web_consultations=not options["no_web"],
        )
        _invitation, token = do_invite_staff(organisation, email=admin_email, role=Role.ADMIN, acting_user=None)
        self.stdout.write(self.style.SUCCESS(f"Organisation {name} ({slug}) created."))
        self.stdout.write(
            "RECOVERY KEY (shown only now; print it and keep it offline. It opens every message of this "
            f"organisation, and is how the first admin gets access):\n\n    {recovery_key}\n"
        )
        link = absolute_url("accounts:accept_invitation", token=token, language=settings.LANGUAGE_CODE)
        self.stdout.write(f"Invitation for the first organisation admin ({admin_email}), valid 7 days:\n{link}")

    def check_directory_entry(self, service_id: str) -> None:
        if service_id and not Service.objects.filter(pk=service_id).exists():
            raise CommandError(
                f"No directory entry has the id {service_id!r}. Use the `id` column of the directory CSV "
                "(tomoshibi/directory/data/support-directory.csv), or leave --directory-service-id out."
            )
        taken = Organisation.objects.filter(directory_service_id=service_id).first() if service_id else None
        if taken is not None:
            raise CommandError(
                f"{service_id!r} is already the entry of {taken.slug!r}: referrals to an entry must reach one "
                "organisation. Leave --directory-service-id out, or unlink it there first."
            )

    def check_arguments(self, slug: str, languages: list[str], retention_days: int) -> None:
        if not slug:
            raise CommandError("Give a --slug of letters, digits and dashes.")
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"An organisation with the slug {slug!r} exists already.")
        known = {code for code, _name in full_languages()}
        unknown = sorted(set(languages) - known)
        if unknown:
            raise CommandError(f"Unknown language codes {unknown}; use any of {sorted(known)}.")
        if not 1 <= retention_days <= MAX_RETENTION_DAYS:
            raise CommandError(f"--retention-days must be between 1 and {MAX_RETENTION_DAYS}.")

"""Background work: announcing new consultations to staff, and deleting old ones."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from tomoshibi.accounts.links import absolute_url
from tomoshibi.accounts.models import Organisation
from tomoshibi.core.tasks import every

# Staff e-mails are written in these languages, one after the other.
STAFF_MAIL_LANGUAGES = ("ja", "en")


def announcement_text(organisation) -> tuple[str, str]:
    """Subject and body: that something arrived and where, nothing of what it says."""
    parts, subjects = [], []
    for language in STAFF_MAIL_LANGUAGES:
        with translation.override(language):
            subjects.append(_("New consultation for %(organisation)s") % {"organisation": organisation.name})
            link = absolute_url("consultations:inbox", organisation_slug=organisation.slug)
            parts.append(
                _("A new consultation is waiting in your inbox. Sign in to read it:\n%(link)s") % {"link": link}
            )
    return " / ".join(subjects), "\n\n".join(parts)


@task()
def announce_new_consultation(organisation_id: int) -> int:
    """E-mail every member of the organisation; returns how many were written to."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    recipients = sorted(
        {m.user.email for m in organisation.memberships.select_related("user") if m.user.email and m.user.is_active}
    )
    if not recipients:
        return 0
    subject, body = announcement_text(organisation)
    # One message per recipient: no member learns who else works there.
    for recipient in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return len(recipients)


@every(timedelta(hours=1))
@task()
def delete_expired_consultations() -> int:
    """Delete closed conversations and cases older than each organisation's retention period."""
    from .retention import delete_expired

    return delete_expired()

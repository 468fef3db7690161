"""Background work: proposals that ran out, and referrals the receiver has not answered."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from tomoshibi.accounts.links import absolute_url
from tomoshibi.consultations.tasks import STAFF_MAIL_LANGUAGES
from tomoshibi.core.tasks import every

from .actions import answer_days, do_delete_orphaned_referrals, do_expire_proposals, do_mark_reminded, unanswered


@every(timedelta(hours=1))
@task()
def expire_referral_proposals() -> int:
    """Proposals the person did not answer in time end; nothing was shared."""
    return do_expire_proposals()


def reminder_text(referral) -> tuple[str, str]:
    """Subject and body: which referral waits and where to look, nothing of the person."""
    subjects, parts = [], []
    for language in STAFF_MAIL_LANGUAGES:
        with translation.override(language):
            values = {"target": referral.target_name, "days": answer_days()}
            subjects.append(_("Referral to %(target)s not answered") % values)
            link = absolute_url("referrals:detail", referral_id=referral.pk)
            text = _(
                "A referral you made to %(target)s has had no answer for %(days)d days. "
                "Call them, or propose another service to the person:\n%(link)s"
            )
            parts.append(text % {**values, "link": link})
    return " / ".join(subjects), "\n\n".join(parts)


@every(timedelta(hours=6))
@task()
def remind_unanswered_referrals() -> int:
    """E-mail the sending organisation's members once about each referral left unanswered."""
    now = timezone.now()
    count = 0
    for referral in unanswered(now).select_related("from_organisation", "to_organisation"):
        do_mark_reminded(referral, now)
        subject, body = reminder_text(referral)
        members = referral.from_organisation.memberships.select_related("user")
        for email in sorted({m.user.email for m in members if m.user.email and m.user.is_active}):
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        count += 1
    return count


@every(timedelta(hours=1))
@task()
def delete_orphaned_referrals() -> int:
    """Referrals go when the conversations they joined have gone (by retention or deletion)."""
    return do_delete_orphaned_referrals()

"""Permission-checked reads for hotline staff: "not found" and "not yours" are the same 404.

Every member of a hotline organisation works as an analyst; an analyst acts on the
reports they claimed, and supervisors and admins on every report of their desk.
"""

from django.http import Http404

from tomoshibi.accounts.models import Membership, Role
from tomoshibi.accounts.roles import LEADS
from tomoshibi.directory.codes import INTERNET_HOTLINE_CENTER
from tomoshibi.directory.models import Service
from tomoshibi.vault import crypto

from .models import FORWARDABLE_STATUSES, Decision, HotlineDesk, PartnerKey, Report, StepKind


def hotline_memberships(user):
    """The user's memberships in organisations that run a hotline desk (a coordinator of rounds works at none)."""
    memberships = Membership.objects.filter(user=user, organisation__hotline_desk__isnull=False)
    return memberships.exclude(role=Role.COORDINATOR).select_related("organisation__hotline_desk")


def access_desk(user, organisation_slug: str) -> Membership:
    membership = hotline_memberships(user).filter(organisation__slug=organisation_slug).first()
    if membership is None:
        raise Http404
    return membership


def access_report(user, report_id) -> tuple[Report, Membership]:
    """(report, membership) if the user is a member of the organisation whose desk received it."""
    report = (
        Report.objects.filter(pk=report_id, desk__organisation__memberships__user=user)
        .select_related("desk__organisation", "claimed_by", "duplicate_of")
        .first()
    )
    if report is None:
        raise Http404
    return report, hotline_memberships(user).get(organisation=report.desk.organisation)


def reports_of_desk(membership: Membership):
    """Every report the desk of `membership` (from access_desk) received."""
    return Report.objects.of_desk(membership.organisation.hotline_desk).select_related("claimed_by")


def awaiting_police(membership: Membership) -> list[Report]:
    """Illegal reports of the desk assessed but not yet sent to the police, oldest assessment first."""
    reports = reports_of_desk(membership).filter(status__in=FORWARDABLE_STATUSES, decision=Decision.ILLEGAL)
    return list(reports.exclude(steps__kind=StepKind.FORWARDED_TO_POLICE).order_by("assessed_at"))


def may_act(membership: Membership, report: Report) -> bool:
    """The analyst who claimed the report, or a lead of its desk."""
    return report.claimed_by_id == membership.user_id or membership.role in LEADS


def public_desk() -> HotlineDesk | None:
    """The desk the public form files reports to: the oldest one that takes them."""
    return HotlineDesk.objects.filter(accepts_public_reports=True).select_related("organisation").first()


# Japan's Internet Hotline Center, in the support directory: where to report when no desk here takes reports.
NATIONAL_HOTLINE_SERVICE = INTERNET_HOTLINE_CENTER


def reporting_links() -> dict:
    """Link only to what exists: this site's report form if a desk takes reports, else the national hotline."""
    if public_desk() is not None:
        return {"open": True}
    return {"open": False, "national": Service.objects.filter(pk=NATIONAL_HOTLINE_SERVICE).exists()}


def partner_for_secret(secret: str) -> PartnerKey | None:
    key = PartnerKey.objects.filter(lookup=crypto.token_lookup(secret), revoked_at__isnull=True)
    return key.select_related("desk__organisation").first()

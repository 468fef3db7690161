"""Referral figures for an organisation and for the platform, small counts suppressed.

The suppression is the platform's (tomoshibi.core.figures): cells of 1 or 2 are hidden,
with enough others that none can be worked out from the totals; times are summarised
only over at least 3 referrals. Nothing here reads a sealed field.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tomoshibi.core.figures import Durations, Table, summarise_durations, suppress_table

from .models import Reason, Referral, Status

# Columns: what became of the referrals made; together they add up to all referrals made.
COLUMNS = [
    ("accepted", _("Accepted"), (Status.ACCEPTED,)),
    ("declined", _("Declined"), (Status.DECLINED,)),
    ("waiting", _("Waiting"), (Status.PROPOSED, Status.CONSENTED)),
    ("not_consented", _("Not agreed or expired"), (Status.REFUSED, Status.EXPIRED)),
    ("contact", _("Contact given only"), (Status.CONTACT_GIVEN,)),
]


@dataclass(frozen=True)
class Figures:
    table: Table
    rows: list[tuple[str, list[int | None], int | None]]
    to_acceptance: Durations | None


def figures_for(referrals) -> Figures:
    """Counts by reason (rows) and what became of them (columns), and the time from consent to acceptance."""
    counts = {
        (row["reason"], row["status"]): row["count"]
        for row in referrals.values("reason", "status").annotate(count=Count("id"))
    }
    matrix = [
        [sum(counts.get((reason, status), 0) for status in statuses) for _key, _label, statuses in COLUMNS]
        for reason in Reason.values
    ]
    table = suppress_table(matrix)
    labels = [str(label) for _value, label in Reason.choices]
    rows = list(zip(labels, table.cells, table.row_totals, strict=True))
    accepted = referrals.filter(status=Status.ACCEPTED).values_list("consented_at", "answered_at")
    seconds = [(answered - consented).total_seconds() for consented, answered in accepted if consented and answered]
    return Figures(table=table, rows=rows, to_acceptance=summarise_durations(seconds))


def made_by(organisation) -> Figures:
    return figures_for(Referral.objects.filter(from_organisation=organisation))


def received_by(organisation) -> Figures:
    return figures_for(Referral.objects.incoming(organisation))


def platform() -> Figures:
    return figures_for(Referral.objects.all())


def column_labels() -> list[str]:
    return [str(label) for _key, label, _statuses in COLUMNS]

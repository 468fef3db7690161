"""Which organisations a person can write to, and which of them fit their help-flow answers.

The answers (age group, place, situations, danger, language) come as the help flow's
`ReferralQuery`, read from its sealed session and never from a URL. The fit is judged by the
directory's referral engine, so "Talk to someone here" and the help flow's answer page agree:

- age group and place leave out organisations that cannot help: the organisation's own
  settings say whether it helps minors and adults, and one whose directory entry serves a single
  prefecture is left out when the person named another one;
- situations (and age, place, language) put first the organisations whose directory entry the
  engine recommends for these answers, with the engine's reasons; the others follow, because a
  written consultation helps even when no rule names the organisation;
- danger now puts "call 110" above the list: a written answer can take hours.

Nothing is hidden for an answer the person skipped: without a place, every prefecture's
organisations are listed; without any answers, every organisation taking web consultations.
"""

from dataclasses import dataclass, field

from tomoshibi.accounts.models import Organisation
from tomoshibi.directory.referral_engine import REASONS, recommend
from tomoshibi.directory.referrals import ReferralError, active_services, build_request

# Engine reasons that say nothing about what the organisation helps with: how to reach it now,
# what its listing leaves unsaid, or 110. They neither make an organisation fit nor are shown.
NOT_A_FIT = frozenset(
    {
        "immediate_danger",
        "danger_unsure",
        "fallback_always_open",
        "open_out_of_hours",
        "offers_your_channel",
        "speaks_your_language",
        "languages_not_stated",
        "minors_not_stated",
        "lgbtq_friendly",
    }
)


@dataclass(frozen=True)
class Offer:
    organisation: Organisation
    reasons: tuple[str, ...] = ()  # the engine's reason codes for this organisation, strongest first


@dataclass(frozen=True)
class Choices:
    suggested: list[Offer] = field(default_factory=list)  # fit the situations, best first
    others: list[Offer] = field(default_factory=list)  # can help, no rule names them
    in_danger: bool = False


def choices_for(query, language: str) -> Choices:
    """The organisations for this help-flow query (None: the person did not come from the flow)."""
    organisations = Organisation.objects.filter(accepts_web_consultations=True).select_related("directory_service")
    if query is None:
        return Choices(others=[Offer(o) for o in by_language(organisations, language)])
    request = engine_request(query)
    prefecture = request.prefecture if request else None
    reachable = [o for o in organisations if helps_age(o, query.age) and within_reach(o, prefecture)]
    fits = fitting_reasons(request)
    suggested = [Offer(o, fits[o.directory_service_id]) for o in reachable if o.directory_service_id in fits]
    suggested.sort(key=lambda offer: (-weight(offer.reasons), language not in offer.organisation.languages))
    others = [Offer(o) for o in by_language(reachable, language) if o.directory_service_id not in fits]
    return Choices(suggested=suggested, others=others, in_danger=query.danger == "yes")


def by_language(organisations, language: str) -> list:
    """Those answering in the page's language first, then by name."""
    return sorted(organisations, key=lambda o: (language not in o.languages, o.name))


def helps_age(organisation: Organisation, age: str) -> bool:
    if age == "minor":
        return organisation.serves_minors
    if age == "adult":
        return organisation.serves_adults
    return True


def within_reach(organisation: Organisation, prefecture: str | None) -> bool:
    """National organisations reach everyone; a prefecture's own only its people (if the person said where)."""
    service = organisation.directory_service
    if prefecture is None or service is None or not service.prefecture_code:
        return True
    return service.prefecture_code == prefecture


def engine_request(query):
    """The engine's validated request; without the place if the engine cannot place it; else None."""
    inputs = query.as_kwargs()
    for attempt in (inputs, {**inputs, "postal_code": None, "prefecture": None}):
        try:
            return build_request(**attempt)
        except ReferralError:
            continue
    return None


def fitting_reasons(request) -> dict[str, tuple[str, ...]]:
    """Directory id -> the reasons the engine recommends that service for, for those it fits."""
    if request is None:
        return {}
    found = {}
    for recommendation in recommend(active_services(), request):
        reasons = tuple(r for r in recommendation.reasons if r not in NOT_A_FIT)
        if reasons:
            found[recommendation.service.id] = reasons
    return found


def weight(reasons: tuple[str, ...]) -> int:
    return sum(REASONS[reason] for reason in reasons)

"""The help flow's view of the support directory: prefectures, postal codes and referrals."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory.codes import POLICE_EMERGENCY
from tomoshibi.directory.referral_engine import ReferralError
from tomoshibi.directory.referrals import Answer, answer_for, prefecture_for_postal_code
from tomoshibi.directory.vocabulary import PREFECTURES

from .flow import ReferralQuery

__all__ = ["LOCATION_ERROR", "ReferralError", "prefecture_choices", "prefecture_codes", "recommend"]

LOCATION_ERROR = _(
    "We could not find support for the place you gave. Check the postal code, or choose your prefecture from the list."
)


def prefecture_codes() -> frozenset[str]:
    return frozenset(PREFECTURES)


def prefecture_codes_in_order() -> list[str]:
    return list(PREFECTURES)


def prefecture_label(code: str, language: str) -> str:
    """The prefecture's name in `language`, followed by the Japanese name that signs and maps use."""
    with translation.override(language):
        name = str(PREFECTURES[code])
    with translation.override("ja"):
        name_ja = str(PREFECTURES[code])
    return name if name == name_ja else f"{name} ({name_ja})"


def prefecture_choices(language: str) -> list[tuple[str, str]]:
    """(code, name) in JIS order, north to south, which is how lists of prefectures are printed in Japan."""
    return [(code, prefecture_label(code, language)) for code in PREFECTURES]


def prefecture_of_postal_code(code: str) -> str | None:
    """The prefecture a postal code is in, or None if the directory does not know the code."""
    try:
        return prefecture_for_postal_code(code)
    except ReferralError:
        return None


def recommend(query: ReferralQuery) -> Answer:
    return answer_for(**query.as_kwargs())


def starts_with_police(recommendations: list) -> bool:
    """The engine already put 110 first (a person in danger): the page need not say it twice."""
    return bool(recommendations) and recommendations[0].service.id == POLICE_EMERGENCY

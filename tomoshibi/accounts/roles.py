"""What each role may do in its organisation. Platform admins hold no role and read nothing."""

from enum import Enum

from .models import Role

EVERY_ROLE = frozenset(Role)
# Everyone who works with the people who write: not the monitors of job offers, nor coordinators of rounds.
CASEWORK = EVERY_ROLE - {Role.MONITOR, Role.COORDINATOR}
LEADS = frozenset({Role.SUPERVISOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})
COORDINATORS = frozenset({Role.COORDINATOR})


class Permission(Enum):
    READ_CONVERSATIONS = CASEWORK
    ANSWER_CONVERSATIONS = CASEWORK
    MANAGE_CASES = CASEWORK
    USE_API = CASEWORK
    CHECK_JOB_OFFERS = EVERY_ROLE - COORDINATORS
    ASSIGN_TO_OTHERS = LEADS
    DELETE_CONVERSATIONS = LEADS
    MANAGE_MEMBERS = ADMINS
    READ_AUDIT_LOG = ADMINS
    CHANGE_SETTINGS = ADMINS
    COORDINATE_ROUNDS = COORDINATORS
    TAKE_PART_IN_ROUNDS = ADMINS

    def __init__(self, roles):
        self.roles = roles


def can(membership, permission: Permission) -> bool:
    return membership is not None and membership.role in permission.roles

"""What each role may do in its organisation. Platform admins hold no role and read nothing."""

from enum import Enum

from .models import Role

EVERY_ROLE = frozenset(Role)
LEADS = frozenset({Role.SUPERVISOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


class Permission(Enum):
    READ_CONVERSATIONS = EVERY_ROLE
    ANSWER_CONVERSATIONS = EVERY_ROLE
    MANAGE_CASES = EVERY_ROLE
    USE_API = EVERY_ROLE
    ASSIGN_TO_OTHERS = LEADS
    DELETE_CONVERSATIONS = LEADS
    MANAGE_MEMBERS = ADMINS
    READ_AUDIT_LOG = ADMINS
    CHANGE_SETTINGS = ADMINS

    def __init__(self, roles):
        self.roles = roles


def can(membership, permission: Permission) -> bool:
    return membership is not None and membership.role in permission.roles

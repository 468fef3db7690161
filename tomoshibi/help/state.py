"""Where the flow keeps its answers: sealed in the server-side session, and nowhere else.

The answers are encrypted with the session's keyring (tomoshibi.vault.keyring): the session row
holds only ciphertext, and the key to it lives in an HttpOnly cookie on the person's device. A
copy of the database or a backup shows no postal code, age or situation, and neither does the
cookie alone. Nothing here is written to a URL, a cookie value or a log, and the answers are
choices from fixed lists (and a postal code), never words a person typed freely.
"""

import json
from dataclasses import dataclass, field, replace

from tomoshibi.vault.keyring import keyring_for

from . import engine, flow

SESSION_KEY = "help"


@dataclass(frozen=True)
class FlowState:
    step: str = flow.FIRST_STEP
    answers: flow.Answers = flow.Answers()
    # The prefecture printed on the poster whose QR code opened the flow: where the poster
    # hangs, not something the person said. It preselects the prefecture list.
    preset: str = ""
    # The directory could not place the location given; the location step says so.
    location_error: bool = False
    # A refused answer, kept only until its step is shown again with the error (POST, redirect, GET).
    pending: dict = field(default_factory=dict)

    def moved_to(self, step: str, answers: flow.Answers | None = None) -> "FlowState":
        return replace(self, step=step, answers=answers or self.answers, location_error=False, pending={})

    def refused(self, step: str, data: dict) -> "FlowState":
        return replace(self.moved_to(step), pending=data)


def opened(request) -> dict | None:
    """The state as saved, or None where there is none or the key to it is gone."""
    sealed = keyring_for(request).get(SESSION_KEY)
    if sealed is None:
        return None
    try:
        return json.loads(sealed)
    except ValueError:
        return None


def load(request) -> FlowState:
    data = opened(request)
    if not isinstance(data, dict):
        return FlowState()
    known = engine.prefecture_codes()
    preset = data.get("preset")
    return FlowState(
        step=flow.valid_step(data.get("step")),
        answers=flow.Answers.from_session(data.get("answers"), known),
        preset=preset if isinstance(preset, str) and preset in known else "",
        location_error=data.get("location_error") is True,
        pending=data["pending"] if isinstance(data.get("pending"), dict) else {},
    )


def save(request, state: FlowState) -> None:
    """Seal the state into the session; the view sends the keyring's cookie with its response."""
    data = {
        "step": state.step,
        "answers": state.answers.to_session(),
        "preset": state.preset,
        "location_error": state.location_error,
        "pending": state.pending,
    }
    keyring_for(request).put(SESSION_KEY, json.dumps(data).encode("utf-8"))


def forget(request) -> None:
    """Delete the whole session (and its row), as the quick exit does; the cookie gets a new key."""
    request.session.flush()

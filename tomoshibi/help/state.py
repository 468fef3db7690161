"""Where the flow keeps its answers: the server-side session, under one key, and nowhere else.

Nothing here is written to a URL, a cookie value or a log. The session row itself holds only
choices from fixed lists (and a postal code), never words a person typed freely.
"""

from dataclasses import dataclass, field, replace

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


def load(session) -> FlowState:
    data = session.get(SESSION_KEY)
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


def save(session, state: FlowState) -> None:
    session[SESSION_KEY] = {
        "step": state.step,
        "answers": state.answers.to_session(),
        "preset": state.preset,
        "location_error": state.location_error,
        "pending": state.pending,
    }


def forget(session) -> None:
    """Delete the whole session (and its row), as the quick exit does; the cookie gets a new key."""
    session.flush()

"""Read and write the help flow's sealed state as the person's browser holds the key to it."""

from django.http import HttpResponse
from django.test import RequestFactory

from tomoshibi.help import flow, state
from tomoshibi.vault.keyring import keyring_for


def browser_request(client):
    """A request carrying the client's session and cookies, as its next page load would."""
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    request.session = client.session
    return request


def saved_state(client) -> dict | None:
    """The flow's state as saved, opened with the key in the client's cookie; None if there is none."""
    return state.opened(browser_request(client))


def seal_answers(client, preset: str = "", **answers) -> None:
    """Leave answers (and a poster's preset prefecture) in the client's session as the help flow does,
    with the key in its cookies."""
    request = browser_request(client)
    state.save(request, state.FlowState(step="answer", answers=flow.Answers(**answers), preset=preset))
    request.session.save()
    response = HttpResponse()
    keyring_for(request).attach(response)
    client.cookies.update(response.cookies)

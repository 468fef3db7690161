"""The site's URL table as tests see it: every named page, who may open it, and how.

The isolation matrices and the identity-leak test are generated from it, so a URL added to an
app's `urls.py` is tested without anyone remembering to list it: test_url_table.py fails until
the URL has a rule (see "Covering a new URL" in docs/architecture.md).
"""

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Namespaces that are not Tomoshibi pages: Django's admin (the platform admins' directory
# maintenance, tested in accounts/tests/test_admin.py) and the JSON API (each app's test_api.py).
OTHER_NAMESPACES = {"admin", "api"}
ALL_METHODS = frozenset({"GET", "POST"})


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the pattern below /<lang>/, for messages
    arguments: tuple[str, ...]
    methods: frozenset[str]  # of GET and POST, those the view accepts
    staff: bool  # behind the staff sign-in


def view_chain(view: Callable) -> Iterator[Callable]:
    """The view and every function it wraps (functools.wraps keeps the chain)."""
    while view is not None:
        yield view
        view = getattr(view, "__wrapped__", None)


def accepted_methods(view: Callable) -> frozenset[str]:
    """The methods of the innermost require_http_methods among the view's decorators (GET and POST without one)."""
    methods = ALL_METHODS
    for function in view_chain(view):
        listed = (
            inspect.getclosurevars(function).nonlocals.get("request_method_list")
            if inspect.isfunction(function)
            else None
        )
        if listed is not None:
            methods = frozenset(listed) & ALL_METHODS
    return methods


def behind_staff_sign_in(view: Callable) -> bool:
    """Whether accounts' staff_required wraps the view (functools.wraps copies names, not code)."""
    from tomoshibi.accounts.access import staff_required

    guard = staff_required(lambda request: None).__code__
    return any(getattr(function, "__code__", None) is guard for function in view_chain(view))


def walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from walk(entry, inner, prefix + str(entry.pattern))
        elif entry.name:
            yield namespace, prefix + str(entry.pattern), entry


def routes() -> list[Route]:
    """Every named page of the site, outside OTHER_NAMESPACES."""
    found = []
    for namespace, route, pattern in walk(get_resolver()):
        if namespace.split(":")[0] in OTHER_NAMESPACES or not namespace:
            continue
        found.append(
            Route(
                name=f"{namespace}:{pattern.name}",
                route=route,
                arguments=tuple(pattern.pattern.regex.groupindex),
                methods=accepted_methods(pattern.callback),
                staff=behind_staff_sign_in(pattern.callback),
            )
        )
    return found


def staff_routes(*namespaces: str) -> list[Route]:
    return [route for route in routes() if route.staff and route.name.split(":")[0] in namespaces]


def anonymous_forms() -> list[Route]:
    """Pages anyone may open that accept a POST: each is a form a person can send without an account."""
    return [route for route in routes() if not route.staff and "POST" in route.methods]


def matrix_endpoints(namespaces: tuple[str, ...], arguments: dict, variants: dict) -> list[tuple]:
    """(test id, method, url name with an optional query, argument builder) for every staff URL of
    `namespaces` that names a record, with each method its view accepts.

    `arguments` maps each URL argument to a function of the other organisation's world giving the
    value; `variants` lists, for a URL asked in other or more ways, (id suffix, query, arguments).
    """
    endpoints = []
    for route in staff_routes(*namespaces):
        if not route.arguments:
            continue  # a page of the visitor's own (core/tests/test_url_table.py lists them)
        for suffix, query, replaced in variants.get(route.name, [("", "", {})]):
            for method in sorted(route.methods):
                name = route.name + (f"?{query}" if query else "")
                endpoints.append(
                    (f"{route.name}{suffix} {method}", method.lower(), name, builder(route, arguments | replaced))
                )
    return endpoints


def builder(route: Route, rules: dict) -> Callable:
    def build(world):
        return [rules[argument](world) for argument in route.arguments]

    return build

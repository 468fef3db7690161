"""The JSON API at /api/v1/ (OpenAPI schema at /api/v1/openapi.json).

Each app keeps its endpoints in its own `api.py` as a ninja `router`; every
app that has one is mounted here, so adding an endpoint touches one app only.
"""

import importlib

from django.apps import apps
from ninja import NinjaAPI

api = NinjaAPI(
    title="Tomoshibi API",
    version="1",
    description="Support directory, referrals, reports and staff inboxes.",
    urls_namespace="api",
    # The interactive docs page loads its script from a CDN; the schema is at /api/v1/openapi.json.
    docs_url=None,
)


def mount_app_routers() -> None:
    for app in apps.get_app_configs():
        if not app.name.startswith("tomoshibi."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.api":
                raise
            continue
        api.add_router("", module.router, tags=[app.label])


mount_app_routers()

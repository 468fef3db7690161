"""No view reads a protected model directly: such reads go through the app's access.py.

A protected model is one of an organisation's records: a model of a Tomoshibi app from which a
chain of foreign keys leads to an organisation (its members, conversations, cases, reports, audit
trail...). The organisation itself is not: its name and languages are what the public pages list.

The check reads the source of every view module (`views.py`, `views/*.py`, `api.py`) and resolves
each `<name>.objects` (and `_default_manager`, `_base_manager`) to what the name is bound to in the
module. An import contract could only forbid views to import model modules at all, which they
rightly do for choices and types; this sees the use of the manager, which is what matters.
"""

import ast
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps

MANAGERS = {"objects", "_default_manager", "_base_manager"}
VIEW_MODULES = {"views", "api"}


def tomoshibi_apps():
    return [app for app in apps.get_app_configs() if app.name.startswith("tomoshibi.")]


def view_modules() -> list[ModuleType]:
    found = []
    for app in tomoshibi_apps():
        for name in VIEW_MODULES:
            spec = importlib.util.find_spec(f"{app.name}.{name}")
            if spec is None:
                continue
            module = importlib.import_module(spec.name)
            found.append(module)
            if hasattr(module, "__path__"):
                found += [
                    importlib.import_module(f"{spec.name}.{sub.name}") for sub in pkgutil.iter_modules(module.__path__)
                ]
    return found


def reaches_organisation(model, seen=()) -> bool:
    organisation = apps.get_model("accounts", "Organisation")
    for field in model._meta.get_fields():
        if not (field.many_to_one or field.one_to_one) or not field.concrete or field.related_model in seen:
            continue
        if field.related_model is organisation or reaches_organisation(field.related_model, (*seen, model)):
            return True
    return False


def protected_models() -> set:
    return {
        model
        for app in tomoshibi_apps()
        for model in app.get_models()
        if model._meta.label != "accounts.Organisation" and reaches_organisation(model)
    }


def resolve(node: ast.expr, module: ModuleType):
    """What a dotted name in the module's source is bound to at import time, or None."""
    if isinstance(node, ast.Name):
        return getattr(module, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = resolve(node.value, module)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def direct_reads(module: ModuleType, protected: set) -> list[str]:
    tree = ast.parse(Path(module.__file__).read_text())
    reads = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            model = resolve(node.value, module)
            if model in protected:
                reads.append(f"{module.__name__}:{node.lineno} {model.__name__}.{node.attr}")
    return reads


def test_the_check_knows_the_records_of_an_organisation():
    labels = {model._meta.label for model in protected_models()}
    assert {"consultations.Conversation", "consultations.Message", "hotline.Report", "audit.AuditEvent"} <= labels
    assert {"accounts.Membership", "accounts.ApiToken"} <= labels
    assert not labels & {"accounts.Organisation", "directory.Service", "screening.ScreeningCount"}


def test_it_finds_every_app_s_views():
    names = {module.__name__ for module in view_modules()}
    assert {"tomoshibi.consultations.views.staff", "tomoshibi.consultations.api", "tomoshibi.accounts.views"} <= names


def test_no_view_reads_a_protected_model_directly():
    protected = protected_models()
    reads = [read for module in view_modules() for read in direct_reads(module, protected)]
    assert not reads, "read these through the app's access.py:\n" + "\n".join(reads)


PLANTED = {
    "planted_by_name": "from tomoshibi.consultations.models import ConversationStatus, Conversation\n"
    "OPEN = ConversationStatus.OPEN\nrows = Conversation.objects.all\n",
    "planted_by_module": "from tomoshibi.hotline import models\nrows = models.Report._default_manager\n",
}


@pytest.mark.parametrize("name", list(PLANTED))
def test_it_catches_a_planted_direct_read(name, tmp_path, monkeypatch):
    (tmp_path / f"{name}.py").write_text(PLANTED[name])
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module(name)
    assert len(direct_reads(module, protected_models())) == 1

"""The import contracts (.importlinter) state docs/architecture.md's layering, and they bite.

`make lint` runs lint-imports on the tree. Here: every app has its place in the contracts, the
diagram in docs/architecture.md is the one drawn from the layers contract, and a copy of the tree
with planted violations breaks exactly the contracts it should.
"""

import configparser
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CONTRACTS = ROOT / ".importlinter"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
DIAGRAM_START = "<!-- the layers, drawn from .importlinter by tomoshibi/core/tests/test_contracts.py -->"
DIAGRAM_END = "<!-- end of the layers -->"
PAGES = ("views", "urls", "api")
PURE_LIBRARIES = ("estimation", "linkage")


def contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONTRACTS)
    return parser


def listed(section: str, key: str) -> list[str]:
    return [line.strip() for line in contracts()[section][key].splitlines() if line.strip()]


def layers() -> list[list[str]]:
    """The layers contract, top first, each layer's apps by name."""
    return [
        [name.strip().removeprefix("tomoshibi.") for name in line.split("|")]
        for line in listed("importlinter:contract:layers", "layers")
    ]


def app_names() -> set[str]:
    """Every package of tomoshibi but the tests' shared helpers."""
    return {path.parent.name for path in (ROOT / "tomoshibi").glob("*/__init__.py")} - {"testing"}


def diagram() -> str:
    width = max(len(" | ".join(layer)) for layer in layers())
    rows = []
    for number, layer in enumerate(layers()):
        if number:
            rows.append("↓".center(width).rstrip())
        rows.append(" | ".join(layer).center(width).rstrip())
    rows += ["", f"{', '.join(PURE_LIBRARIES)}: pure libraries, importing neither Django nor any app"]
    return "\n".join(["```text", *rows, "```"])


def test_every_app_has_its_layer():
    placed = {app for layer in layers() for app in layer}
    assert placed == app_names() - set(PURE_LIBRARIES)
    pure = set(listed("importlinter:contract:estimation", "source_modules"))
    assert pure == {f"tomoshibi.{name}" for name in PURE_LIBRARIES}


def test_each_app_says_what_it_may_import():
    order = layers()
    for number, layer in enumerate(order):
        below = [app for lower in order[number + 1 :] for app in lower]
        for app in layer:
            docstring = importlib.import_module(f"tomoshibi.{app}").__doc__ or ""
            assert f"May import: {', '.join(below) or 'no other app'}." in docstring, app


def test_no_app_may_import_the_pages_of_another():
    for app in sorted(app_names()):
        pages = {
            f"tomoshibi.{app}.{name}"
            for name in PAGES
            if (ROOT / "tomoshibi" / app / name).with_suffix(".py").exists()
            or (ROOT / "tomoshibi" / app / name).is_dir()
        }
        if not pages:
            continue
        section = f"importlinter:contract:pages-of-{app}"
        assert set(listed(section, "forbidden_modules")) == pages, app
        assert set(listed(section, "source_modules")) == {f"tomoshibi.{other}" for other in app_names() - {app}}, app


def test_the_architecture_document_draws_the_layers_contract():
    text = ARCHITECTURE.read_text()
    drawn = text.split(DIAGRAM_START)[1].split(DIAGRAM_END)[0].strip()
    assert drawn == diagram(), f"put this between the markers in docs/architecture.md:\n{diagram()}"


# (module planted in the copy, what it imports, the contract it must break)
PLANTED = [
    ("tomoshibi/core/planted.py", "from tomoshibi.hotline import access", "Apps import only the layers below them"),
    ("tomoshibi/estimation/planted.py", "import django.db", "Estimation and linkage are pure libraries"),
    (
        "tomoshibi/line/planted.py",
        "from tomoshibi.consultations.views import staff",
        "views, URL table or API of consultations",
    ),
]


def copy_of_the_code(destination: Path) -> None:
    def not_code(directory, names):
        return [name for name in names if not name.endswith(".py") and not Path(directory, name).is_dir()]

    for package in ("tomoshibi", "config"):
        shutil.copytree(ROOT / package, destination / package, ignore=not_code)
    shutil.copy(CONTRACTS, destination / ".importlinter")


def lint_imports(directory: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]
    environment = {**os.environ, "PYTHONPATH": str(directory)}
    return subprocess.run(command, cwd=directory, env=environment, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(not Path(sys.executable).with_name("lint-imports").exists(), reason="needs the dev dependencies")
def test_the_contracts_fail_on_planted_violations(tmp_path):
    copy_of_the_code(tmp_path)
    clean = lint_imports(tmp_path)
    assert clean.returncode == 0, clean.stdout[-3000:]
    for module, line, _contract in PLANTED:
        (tmp_path / module).write_text(f'"""A planted violation."""\n\n{line}\n')
    broken = lint_imports(tmp_path)
    assert broken.returncode != 0
    report = broken.stdout
    for module, _line, contract in PLANTED:
        assert f"{contract}" in report and "BROKEN" in report.split(contract)[1].splitlines()[0], (
            contract,
            report[-3000:],
        )
        assert module.removesuffix(".py").replace("/", ".") in report
    assert f"Contracts: {len(contracts().sections()) - 1 - len(PLANTED)} kept, {len(PLANTED)} broken." in report

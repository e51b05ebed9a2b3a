"""The project package holds only project wiring; everything else is an app (ARCHITECTURE.md).
A module added at the top of imdi_portal/ by habit fails here, with the place it belongs."""

from pathlib import Path

from django.apps import apps

PACKAGE = Path(__file__).resolve().parents[2] / "imdi_portal"
WIRING = {
    "__init__.py",
    "asgi.py",
    "celery.py",
    "demo.py",
    "env.py",
    "settings.py",
    "settings_test.py",
    "urls.py",
    "wsgi.py",
}
NESTED_APPS = {"core", "gateway", "search", "stats"}


def test_the_project_package_holds_only_wiring_and_the_nested_apps():
    modules = {p.name for p in PACKAGE.glob("*.py")}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert modules == WIRING, "domain code belongs in an app (imdi_portal/core/ for the core)"
    assert folders == NESTED_APPS


def test_every_nested_folder_is_an_installed_app_with_its_own_label():
    labels = {
        config.name.rsplit(".", 1)[1]: config.label
        for config in apps.get_app_configs()
        if config.name.startswith("imdi_portal.")
    }
    assert labels == {
        "core": "imdi_portal",
        "gateway": "gateway",
        "search": "search",
        "stats": "stats",
    }


ROOT = PACKAGE.parent
SOURCE_DIRS = (
    "imdi_portal",
    "legislation",
    "labour_market",
    "remittances",
    "projects",
    "certification",
    "bench",
)
MAX_FUNCTION_LINES = 80  # ruff's C90 and PLR0915 count branches and statements, not lines


def test_no_function_of_the_code_is_longer_than_a_screen():
    import ast

    long = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = node.end_lineno - node.lineno + 1
                    if length > MAX_FUNCTION_LINES:
                        long.append(
                            f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})"
                        )
    assert not long, "split these into named steps: " + ", ".join(long)


def test_registries_are_filled_from_apps_py_only():
    """Import sources, derived indicators, profile sections and search sources are registered
    by a module's register() called from its app's ready(), never as an import side effect."""
    import re

    offenders = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if re.search(
                r"^@register\s*$|^(register|register_section|register_source)\(", text, re.M
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders

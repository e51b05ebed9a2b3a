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

"""What the migrations that move a model to another app share (ARCHITECTURE.md, "Moving a
model between apps"): the content types are renamed, not created anew, so that their
permissions and every group and user holding them follow the model."""

from collections.abc import Sequence
from typing import Any

from django.db import migrations


def content_types_relabel(apps: Any, models: Sequence[str], old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_moved(models: Sequence[str], old: str, new: str) -> migrations.RunPython:
    """The migration operation: forwards old -> new, backwards new -> old."""
    return migrations.RunPython(
        lambda apps, schema_editor: content_types_relabel(apps, models, old, new),
        lambda apps, schema_editor: content_types_relabel(apps, models, new, old),
    )

"""SearchDocument moves from the core app (imdi_portal) to this one without moving data: the
table keeps its name, only Django's state and the content type change."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from imdi_portal.core.model_moves import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("imdi_portal", "0019_gateway_activities_directory"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchDocument",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(db_index=True, max_length=20)),
                        ("key", models.CharField(max_length=80)),
                        ("title", models.CharField(max_length=300)),
                        ("title_fr", models.CharField(blank=True, default="", max_length=300)),
                        ("title_es", models.CharField(blank=True, default="", max_length=300)),
                        ("body", models.TextField(blank=True)),
                        ("url", models.CharField(max_length=300)),
                        ("countries", models.CharField(blank=True, default="", max_length=400)),
                        ("components", models.CharField(blank=True, default="", max_length=12)),
                        ("is_sample", models.BooleanField(default=False)),
                        ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                        ("title_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                    ],
                    options={
                        "db_table": "imdi_portal_searchdocument",
                        "indexes": [django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="search_document_vector")],
                        "constraints": [models.UniqueConstraint(fields=("kind", "key"), name="search_document_once")],
                    },
                ),
            ],
            database_operations=[],
        ),
        content_types_moved(["searchdocument"], "imdi_portal", "search"),
    ]

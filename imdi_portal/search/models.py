"""The global search index: one row per searchable thing of any app.

Rows are derived data, rebuilt from their sources; `search_vector` is filled on PostgreSQL
only (full-text search across English, French and Spanish with a GIN index); SQLite searches
the title and body with LIKE.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField(max_length=20, db_index=True)
    key = models.CharField(max_length=80)
    title = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True, default="")
    title_es = models.CharField(max_length=300, blank=True, default="")
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    # ",PHL,ITA," and ",I,III,": a LIKE on ",PHL," filters without a join table.
    countries = models.CharField(max_length=400, blank=True, default="")
    components = models.CharField(max_length=12, blank=True, default="")
    is_sample = models.BooleanField(default=False)
    # The titles and body, and the titles alone, as search.text.normalise writes them.
    plain = models.TextField(blank=True, default="")
    plain_title = models.TextField(blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    # Titles only: small enough to rank thousands of matches quickly (never TOASTed).
    title_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        # The table kept its name when the model moved from the core app to this one.
        db_table = "imdi_portal_searchdocument"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="search_document_once")]
        indexes = [GinIndex(fields=["search_vector"], name="search_document_vector")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    @property
    def display_title(self) -> str:
        from imdi_portal.core.translation import active_language

        language = active_language()
        return (getattr(self, f"title_{language}", "") if language != "en" else "") or self.title

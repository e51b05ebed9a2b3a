from django.core.management.base import BaseCommand, CommandError

from imdi_portal.search.registry import sources
from imdi_portal.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the global search index (every kind, or those named)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kinds", nargs="*", help="Kinds to rebuild (default: all).")

    def handle(self, *args, kinds: list[str], **options) -> None:
        unknown = set(kinds) - set(sources())
        if unknown:
            raise CommandError(
                f"unknown kind(s): {', '.join(sorted(unknown))}; known: {', '.join(sources())}"
            )
        for kind, count in search_index_rebuild(kinds or None).items():
            self.stdout.write(f"{kind}: {count} documents")

"""Uploaded documents that only some users may read: kept outside MEDIA_ROOT, recognised by
their content (never by name or declared type), within a size limit. Used for project
attachments and certification evidence."""

import uuid
import zipfile
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imdi_portal.core.exceptions import DomainError

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def private_storage() -> FileSystemStorage:
    """No web server serves this folder; views check who asks before streaming a file."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def random_name(folder: str, filename: str) -> str:
    # The stored name is random: the original name is kept in a column, never in a path.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{suffix}"


def sniff_document(upload: Any) -> str:
    """'pdf', 'docx' or 'xlsx' from the file's content."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    raise DomainError(_("Only PDF, Word (.docx) and Excel (.xlsx) files are accepted."))


def check_document(upload: Any, max_bytes: int) -> tuple[str, str]:
    """Validate an upload; returns (file name to show, content type). Raises DomainError."""
    if upload.size > max_bytes:
        raise DomainError(
            _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"size": upload.size / 1e6, "limit": max_bytes / 1e6}
        )
    if upload.size == 0:
        raise DomainError(_("The file is empty."))
    detected = sniff_document(upload)
    name = (upload.name or "document").rsplit("/", 1)[-1][:150]
    if not name.lower().endswith("." + detected):
        name = f"{name}.{detected}"
    return name, DOCUMENT_TYPES[detected]


def _document_path(instance: "PrivateDocument", filename: str) -> str:
    return random_name(instance.storage_folder(), filename)


class PrivateDocument(models.Model):
    """An uploaded document only some users may read. The URL carries `token`, a random
    UUID, never the primary key; the stored name is random too."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=_document_path, storage=private_storage, max_length=200)
    original_name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def storage_folder(self) -> str:  # pragma: no cover - every subclass says where
        raise NotImplementedError

    def download(self) -> FileResponse:
        """The file as an attachment; the caller has checked who asks."""
        response = FileResponse(
            self.file.open("rb"),
            as_attachment=True,
            filename=self.original_name,
            content_type=self.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response

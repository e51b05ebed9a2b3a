from dataclasses import dataclass

from imdi_portal.core.exceptions import DomainError


class ImportFailed(DomainError):
    """The file cannot be imported; nothing from it was written.

    The message names the file and, when known, the line and column, and what was expected.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int | None = None,
        column: str | int | None = None,
    ):
        self.file, self.line, self.column = file, line, column
        where = ", ".join(
            part
            for part in (
                file,
                f"line {line}" if line is not None else "",
                f"column {column}" if column not in (None, "") else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True, slots=True)
class RowError:
    """One rejected value or row: where it is and why."""

    line: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }

"""What every explicit state machine of the portal declares: its actions, each with the
states it leaves from, the state it leads to, who takes it and whether a reason is needed.
The tables themselves live with their app (projects.workflow, certification.workflow)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Action:
    name: str
    label: Any  # a lazy translation
    sources: tuple[str, ...]
    target: str
    actor: str
    needs_reason: bool = False

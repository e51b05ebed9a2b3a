"""The workflow engine: one way to move any record through its state machine.

A *workflow* is one state machine (project proposals, label applications, labels, the
publishing of permit categories). Its *table* is a tuple of `Action` rows: the action's name
and label, the states it leaves from, the state it leads to, who may take it, the guards that
must pass and whether a reason is needed. Who may take it is a key of the workflow's `actors`
(each a predicate `(user, obj) -> (allowed, reason)`), a predicate itself, or `SYSTEM` for the
steps the services take as the consequence of another act (nobody requests those by hand). A
guard is a callable `(obj) -> message or None` for what the record itself lacks (a checklist,
a quorum, a final report). The tables live with their app (`projects/workflow.py`,
`certification/workflow.py`, `legislation/workflows.py`); the engine imports none of them.

    workflow.can(user, obj, action)                      -> (allowed, reason)
    workflow.move(obj, action, user, reason, **log)      -> the log row

`can` answers what a page asks before showing a button: is the action known, does it leave
from the record's state, may this user take it. `move` asks the same (except who may, for a
system step), then locks the row, runs the guards, checks the reason, writes one row of the
workflow's log (an `imdi_portal.core.models.TransitionLog`: from_state, to_state, action, by, at,
reason), saves the new state with the workflow's side fields (`on_move`) and queues its
`after_commit` hook.

Locking, the same for every workflow: `move` runs in `transaction.atomic` and re-reads the
row's state with `select_for_update`. A concurrent move waits for the first to commit and
then sees the state it left; a caller holding a copy read before someone else's move is
refused (`Messages.stale`), so a record is never moved twice from the same state. The
services already lock the records they check before moving them (funding locks the project
before the contribution, always in that order), and the new state is written with `save()` so
that the model's signals (cache versions, the search index) and `auto_now` fields follow, as
a queryset `update()` would not.

Notifications: `after_commit(obj, log_row)` runs through `transaction.on_commit(robust=True)`:
nothing is sent for a move that rolls back, and a failing notice never undoes a committed
move. It reads the state from the log row, since `obj` may have moved on in the same
transaction.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils.translation import gettext_lazy

from imdi_portal.core.exceptions import DomainError

SYSTEM = "system"
UNKNOWN = gettext_lazy("Unknown action “%(action)s”.")
AUTOMATIC = gettext_lazy("This step happens automatically; nobody takes it by hand.")

Predicate = Callable[[Any, Any], tuple[bool, str]]
Guard = Callable[[Any], Any]


@dataclass(frozen=True)
class Action:
    """One row of a transition table."""

    name: str
    label: Any  # a lazy translation
    sources: tuple[str, ...]
    target: str
    actor: str | Predicate  # a key of the workflow's actors, SYSTEM, or a predicate
    needs_reason: bool = False
    guards: tuple[Guard, ...] = ()


@dataclass(frozen=True)
class Messages:
    """A workflow's refusals. Each is %-formatted with `action` (the action's label, or the
    name asked for when unknown), `state` (also as `from` and `status`: the label of the
    state the record is in) and `to` (the label of the action's target)."""

    wrong_state: Any
    needs_reason: Any
    unknown: Any = UNKNOWN
    system: Any = AUTOMATIC
    # For a copy read before someone else's move. None: the wrong-state message, naming the
    # state the row is in now.
    stale: Any = None


@dataclass(frozen=True, eq=False)
class Workflow:
    """One state machine: its model and state field, its table, and its transition log.

    on_move(obj, action, reason) sets the fields that change with every move of this workflow
        and returns their names, saved with the state.
    log_fields(obj) gives the log's own fields (a proposal's version).
    after_commit(obj, log_row) notifies, once the move is committed.
    """

    model: type[models.Model]
    log_model: type[models.Model]
    log_object: str  # the log's foreign key to the record
    actions: tuple[Action, ...]
    actors: Mapping[str, Predicate]
    messages: Messages
    state_field: str = "state"
    on_move: Callable[[Any, Action, str], Iterable[str]] | None = None
    log_fields: Callable[[Any], dict[str, Any]] | None = None
    after_commit: Callable[[Any, Any], None] | None = None
    table: dict[str, Action] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Build the table by name, refusing a mistake in it when the app loads."""
        states = {value for value, _label in self._field.flatchoices}
        table: dict[str, Action] = {}
        for action in self.actions:
            problem = ""
            if action.name in table:
                problem = "is declared twice"
            elif not {*action.sources, action.target} <= states:
                problem = "names an unknown state"
            elif isinstance(action.actor, str) and action.actor not in {SYSTEM, *self.actors}:
                problem = f"names an unknown actor “{action.actor}”"
            if problem:
                raise ImproperlyConfigured(f"{self.model.__name__}: “{action.name}” {problem}.")
            table[action.name] = action
        object.__setattr__(self, "table", table)

    # --- questions ------------------------------------------------------------------------------

    def can(self, user: Any, obj: Any, action: str) -> tuple[bool, str]:
        """May `user` take `action` on `obj` now? (allowed, why not). Guards are not run."""
        return self._check(user, obj, action, by_hand=True)

    def available(self, user: Any, obj: Any) -> list[Action]:
        """The actions `user` may take on `obj` now, in the table's order."""
        return [a for a in self.actions if self.can(user, obj, a.name)[0]]

    def edges(self) -> set[tuple[str, str]]:
        """Every (from, to) pair the table allows."""
        return {(source, a.target) for a in self.actions for source in a.sources}

    # --- writes ---------------------------------------------------------------------------------

    def move(self, obj: Any, action: str, user: Any, reason: str = "", **log_extra: Any) -> Any:
        """Take `action` on `obj` for `user` (None for the system): check, lock, log, save,
        notify after the commit. Raises DomainError, changing nothing, when refused. `obj`
        is updated in place; the log row is returned."""
        with transaction.atomic():
            allowed, why = self._check(user, obj, action, by_hand=False)
            if not allowed:
                raise DomainError(why)
            row = self.table[action]
            self.lock(obj, row)
            for guard in row.guards:
                problem = guard(obj)
                if problem:
                    raise DomainError(problem)
            if row.needs_reason and not str(reason).strip():
                raise DomainError(str(self.messages.needs_reason))
            old = getattr(obj, self.state_field)
            log = self.record(
                obj, row.name, user, reason, from_state=old, to_state=row.target, **log_extra
            )
            setattr(obj, self.state_field, row.target)
            side_fields = list(self.on_move(obj, row, reason)) if self.on_move else []
            obj.save(update_fields=[self.state_field, *side_fields])
            if self.after_commit is not None:
                transaction.on_commit(self._hook(obj, log), robust=True)
        return log

    def record(
        self,
        obj: Any,
        action: str,
        user: Any,
        reason: str = "",
        *,
        from_state: str,
        to_state: str,
        **log_extra: Any,
    ) -> Any:
        """Write one log row without moving anything: how a record came to exist (from the
        empty state), or a move carried out on another row (a revision published into its
        public row). `move` writes its rows through here."""
        fields = {
            self.log_object: obj,
            "from_state": from_state,
            "to_state": to_state,
            "action": action,
            "by": user,
            "reason": reason,
            **(self.log_fields(obj) if self.log_fields else {}),
            **log_extra,
        }
        return self.log_model.objects.create(**fields)

    def lock(self, obj: Any, action: Action | None = None) -> None:
        """Lock `obj`'s row until the transaction ends; refuse if its state is no longer the
        one `obj` was read with (someone else moved it first)."""
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError("Workflow.lock needs a transaction.")
        current = (
            self.model._base_manager.select_for_update()
            .filter(pk=obj.pk)
            .values_list(self.state_field, flat=True)
            .first()
        )
        if current == getattr(obj, self.state_field):
            return
        if self.messages.stale is not None:
            raise DomainError(str(self.messages.stale))
        raise DomainError(self._say(self.messages.wrong_state, obj, action, state=current))

    # --- internals ------------------------------------------------------------------------------

    def _hook(self, obj: Any, log: Any) -> Callable[[], None]:
        # A plain function, not functools.partial: Django names a failing robust callback by
        # its __qualname__, which a partial lacks.
        def after_commit() -> None:
            self.after_commit(obj, log)

        after_commit.__qualname__ = f"{self.model.__name__} workflow: after_commit"
        return after_commit

    @property
    def _field(self) -> models.Field:
        return self.model._meta.get_field(self.state_field)

    def _state_label(self, value: Any) -> str:
        return str(dict(self._field.flatchoices).get(value, value or "—"))

    def _say(
        self, message: Any, obj: Any, row: Action | None, *, name: str = "", state: Any = None
    ) -> str:
        shown = self._state_label(getattr(obj, self.state_field) if state is None else state)
        return str(message) % {
            "action": row.label if row else name,
            "state": shown,
            "from": shown,
            "status": shown,
            "to": self._state_label(row.target) if row else "",
        }

    def _check(self, user: Any, obj: Any, action: str, *, by_hand: bool) -> tuple[bool, str]:
        row = self.table.get(action)
        if row is None:
            return False, self._say(self.messages.unknown, obj, None, name=action)
        if getattr(obj, self.state_field) not in row.sources:
            return False, self._say(self.messages.wrong_state, obj, row)
        if row.actor == SYSTEM:
            # A system step is taken by the services themselves, never requested by hand.
            return (False, self._say(self.messages.system, obj, row)) if by_hand else (True, "")
        predicate = self.actors[row.actor] if isinstance(row.actor, str) else row.actor
        return predicate(user, obj)

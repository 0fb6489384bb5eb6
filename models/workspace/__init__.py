"""The one write path: Workspace(store, actor).run(operation, …) -> Outcome (docs/architecture.md)."""

from models.workspace.actor import Actor, Permission, local_actor, role_actor
from models.workspace.changes import Changes, Entity, Outcome
from models.workspace.operations import Operation, Tx, operation
from models.workspace.workspace import Workspace

__all__ = ["Actor", "Changes", "Entity", "Operation", "Outcome", "Permission", "Tx", "Workspace", "local_actor",
           "operation", "role_actor"]

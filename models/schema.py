"""Every entity module, imported once, so the metadata (migrations, tests) sees all tables."""

from models.access import entities as _access  # noqa: F401
from models.development import entities as _development  # noqa: F401
from models.grievances import entities as _grievances  # noqa: F401
from models.people import entities as _people  # noqa: F401
from models.scoring import entities as _scoring  # noqa: F401
from models.settings import entities as _settings  # noqa: F401
from models.storage.base import Base
from models.workspace import entities as _workspace  # noqa: F401

metadata = Base.metadata

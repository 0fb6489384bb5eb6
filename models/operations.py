"""Every module that declares operations, imported together so the registry knows them all
(the 操作记录 view names operations by their Chinese titles)."""

from models.access import accounts as _accounts  # noqa: F401
from models.access import signin as _signin  # noqa: F401
from models.demo import roster as _demo  # noqa: F401
from models.development import operations as _development  # noqa: F401
from models.excel import pipeline_import as _pipeline_import  # noqa: F401
from models.excel import roster_import as _excel_import  # noqa: F401
from models.grievances import operations as _grievances  # noqa: F401
from models.people import branch as _branch  # noqa: F401
from models.people import operations as _people  # noqa: F401
from models.scoring import catalogue as _score_rules  # noqa: F401
from models.scoring import entries as _score_entries  # noqa: F401
from models.scoring import tally as _score_tally  # noqa: F401
from models.settings import safety as _safety  # noqa: F401
from models.settings import values as _settings  # noqa: F401
from models.workspace.operations import REGISTRY, operation_title

__all__ = ["REGISTRY", "operation_title"]

"""The recognitions import (contracts/recognitions.md §1): reading, checking and applying a file.

``reading`` opens the file safely, ``validation`` checks every row, ``applying`` matches rows to the
registry and writes the difference in bulk, ``service`` ties them into ``recognitions_import``, and
``batches`` runs an upload from the officials' page in the background with progress.
"""

from ocop.registry.importing.service import ImportResult, recognitions_import
from ocop.registry.importing.transitions import may_import_recognitions
from ocop.registry.importing.validation import COLUMNS, RowError

__all__ = ["COLUMNS", "ImportResult", "RowError", "may_import_recognitions", "recognitions_import"]

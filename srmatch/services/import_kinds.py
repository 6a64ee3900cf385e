"""What ``srmatch import`` reads: the one list of import kinds.

The import service (``services.importing``) reads the record kinds; a contractor's sheet of
social-return contributions goes to ``services.reports.import_contributions``. The command
line takes its choices, usage and help from here, and the import screen its drop-down. This
module imports nothing, so ``srmatch --help`` is built without loading the database layer.
"""

from __future__ import annotations

#: Records ``services.importing.import_file`` reads from a spreadsheet.
RECORD_KINDS = ("seekers", "vacancies", "organisations", "contracts")
#: A contractor's sheet of contributions (``services.reports.import_contributions``).
CONTRIBUTIONS = "contributions"
#: Everything ``srmatch import`` takes, in the order its help lists them.
KINDS = (*RECORD_KINDS, CONTRIBUTIONS)

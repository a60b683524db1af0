"""``forty2 import KIND FILE --org SLUG``: load records from CSV/XLSX, all-or-nothing (ISO/IEC 42001 4.1, 7.5).

The kinds (``ai-systems``, ``risks``, ``iso27001-soa``, …) are registered by their apps with
:func:`forty2.records.cli.register_kind`; ``forty2 import KIND --help`` describes each.
"""

from ._kinds import KindsCommand


class Command(KindsCommand):
    help = "Import records from a CSV or XLSX file, all-or-nothing (ISO/IEC 42001 4.1, A.4)."
    command = "import"

"""``forty2 export KIND --org SLUG -o FILE``: write records out as CSV or XLSX (ISO/IEC 42001 4.1, A.4.2, 7.5);
the columns of a register's export are its import's, so an export re-imports.

The kinds (``ai-systems``, ``risks``, ``soa``, …) are registered by their apps with
:func:`forty2.records.cli.register_kind`; ``forty2 export KIND --help`` describes each.
"""

from ._kinds import KindsCommand


class Command(KindsCommand):
    help = "Export records to CSV or XLSX (ISO/IEC 42001 4.1, A.4.2)."
    command = "export"

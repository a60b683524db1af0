"""The records kit: one declaration per record type, and everything else derived from it.

See ``docs/architecture.md`` ("Adding a record type"): a :class:`~forty2.records.definition.RecordType`
lists the fields with their labels, help and limits; validation, the versioned write path, audit snapshots,
API schemas, forms, filters, import/export and history wording all read it.
"""

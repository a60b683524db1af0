"""The one versioned write path (ISO/IEC 42001 7.5.3 control of documented information).

Every create, update, archive, restore and delete of every record type runs here: role check, validation, row
lock, version check, diff, version bump, save and the audit event, in one transaction. A service adds only its
own rules through a :class:`Rules` object and keeps its public function names.

Other apps react to a change without being imported by the record's app: :data:`record_checking` is sent after
validation and before saving (a receiver may refuse by raising a domain error), :data:`record_changed` after
saving, both inside the transaction (so whatever a receiver writes commits or rolls back with the change).
"""

import copy
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, EditConflict, InvalidInput, StaleVersion
from forty2.core.models import AuditEvent
from forty2.tenancy.access import require

from . import staging
from .approvals import note_edit
from .definition import DATE, LINKS, MULTI, PERSON, REF, RecordType, ref_label
from .validation import clean

#: sent with ``record_type``, ``write`` (a :class:`Write`) before the record is saved; raise to refuse
record_checking = Signal()
#: sent with ``record_type``, ``write`` after the record and its audit event are saved
record_changed = Signal()


@dataclass
class Write:
    """One write in progress: what a rule hook or a signal receiver sees."""

    rt: RecordType
    membership: object
    obj: object
    cleaned: dict
    created: bool = False
    #: the stale version an update was made on (None when it was the current one): a rule that writes more
    #: than the declared fields checks those against :func:`changed_since` too
    given: int | None = None
    before: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    action: str = ""

    @property
    def org(self):
        return self.membership.organization

    @property
    def staged(self) -> bool:
        """The record belongs to an import not yet published (:mod:`forty2.records.staging`): a receiver that
        changes other records defers that work with :func:`forty2.records.staging.after_publish`."""
        return getattr(self.obj, "import_stage_id", None) is not None

    @property
    def actor(self):
        return self.membership.user


class Rules:
    """A record type's own rules around the write path; override what you need (each is called inside the
    transaction, with the row locked)."""

    def may_edit(self, membership, obj) -> bool:
        """Let ``membership`` change ``obj`` where the role table's ``edit_record`` would not (an internal auditor
        writing the report of an audit); the role table applies to everyone else."""
        return False

    def check(self, write: Write) -> None:
        """Refuse the write (raise InvalidInput, Conflict or PermissionDenied) after validation."""

    def before_save(self, write: Write) -> None:
        """Adjust ``write.obj`` (derived fields, approval side effects) before the diff is taken."""

    def after_diff(self, write: Write) -> None:
        """Adjust ``write.changes`` or ``write.action`` once the diff is known (e.g. an approval withdrawn)."""

    def after_save(self, write: Write) -> None:
        """Follow-up writes of the same app, in the same transaction."""


NO_RULES = Rules()


def _plain(f, value):
    if f.kind == REF:  # cleaned: the target record (or None)
        return value.pk if value is not None else None
    if f.kind == PERSON:
        return value.email if value is not None else None
    if f.kind == DATE:
        return value.isoformat() if value else None
    if f.kind == MULTI:
        return list(value or [])
    return value


def snapshot(rt: RecordType, obj, links: dict | None = None) -> dict:
    """The audited view of a record: plain values by field name, people by e-mail, links by sorted ids, the
    record a ``ref`` names by its id (the audit event itself shows its label: :func:`audited`).

    ``links`` ({field name: [ids]}) saves the link queries when the caller knows them."""
    data = {}
    if links is None and obj.pk:
        links = rt_links(rt, obj)
    for f in rt.writable:
        if f.kind == LINKS:
            if links is not None and f.name in links:
                data[f.name] = sorted(links[f.name])
            elif obj.pk:
                data[f.name] = sorted(getattr(obj, f.attr).values_list("pk", flat=True))
            else:
                data[f.name] = []
        elif f.kind == REF:  # the id column: no query for the related record
            data[f.name] = getattr(obj, f.model_field.attname)
        else:
            data[f.name] = _plain(f, getattr(obj, f.attr))
    return data


def ref_labels(rt: RecordType, obj, labels: dict | None = None) -> dict:
    """``labels`` ({(field name, id): label}) with the labels of the records ``obj``'s ``ref`` fields name now
    (read with the row by :func:`lock`, or set by the write: no query then)."""
    labels = {} if labels is None else labels
    for f in rt.writable:
        if f.kind == REF and getattr(obj, f.model_field.attname) is not None:
            labels[(f.name, getattr(obj, f.model_field.attname))] = ref_label(getattr(obj, f.attr))
    return labels


def audited(rt: RecordType, changes: dict, labels: dict) -> dict:
    """The changes as the audit event keeps them: a ``ref`` by the label of the record it names (as a person
    by e-mail), so history reads "Course: AI literacy" without a lookup and keeps the name it had then."""
    out = dict(changes)
    for f in rt.writable:
        if f.kind != REF or f.name not in out:
            continue
        value = out[f.name]
        if isinstance(value, list) and len(value) == 2:
            out[f.name] = [labels.get((f.name, v), v) if v is not None else None for v in value]
        elif value is not None:
            out[f.name] = labels.get((f.name, value), value)
    return out


def _apply(rt, obj, cleaned):
    for name, value in cleaned.items():
        f = rt.by_name[name]
        if f.kind != LINKS:
            setattr(obj, f.attr, value)


def _set_links(rt, obj, cleaned):
    for name, value in cleaned.items():
        f = rt.by_name[name]
        if f.kind == LINKS:
            getattr(obj, f.attr).set(value)


def _link_ids(rt, cleaned, before) -> dict:
    return {f.name: sorted(o.pk for o in cleaned[f.name]) if f.name in cleaned else before.get(f.name, [])
            for f in rt.writable if f.kind == LINKS}


@contextmanager
def name_clash_is_bad_input(recheck):
    """Two requests saving the same unique name at once both pass the duplicate check; the database's unique
    constraint stops the second. Once its transaction is rolled back, ``recheck`` sees the committed clash and
    raises InvalidInput naming the field (422), instead of an IntegrityError reaching the user."""
    try:
        yield
    except IntegrityError:
        recheck()
        raise


def _or_staged(rt: RecordType, org, recheck):
    """``recheck``, then: a clash no visible record explains is with a row of an import not yet published
    (:mod:`forty2.records.staging`) — a 409 saying so, not a 500."""
    def run():
        recheck()
        if staging.is_staged(rt.model) and \
                rt.model._base_manager.filter(organization=org, import_stage__isnull=False).exists():
            raise Conflict(f"An import running now adds {rt.article().lower()} {rt.label} with this name; "
                           "try again once it has finished.")
    return run


def create(rt: RecordType, membership, data: dict, *, rules: Rules = NO_RULES, **initial):
    """Create a record from ``data``; ``initial`` sets attributes the caller owns (e.g. a parent record)."""
    require(membership, "create_record")
    org = membership.organization
    with name_clash_is_bad_input(_or_staged(rt, org, lambda: clean(rt, org, data))), transaction.atomic():
        cleaned = clean(rt, org, data)
        obj = rt.model(organization=org, **initial)
        if staging.current() is not None and hasattr(obj, "import_stage_id"):
            obj.import_stage_id = staging.current()  # hidden until the import is published
        if hasattr(obj, "created_by_id") and "created_by" not in initial:
            obj.created_by = membership.user
        write = Write(rt, membership, obj, cleaned, created=True, action=f"{rt.name}.create")
        rules.check(write)
        record_checking.send(sender=rt.model, record_type=rt, write=write)
        _apply(rt, obj, cleaned)
        rules.before_save(write)
        obj.save()
        _set_links(rt, obj, cleaned)
        if not hasattr(rt.model, "links") and not any(rt.by_name[name].kind == LINKS for name in cleaned):
            obj.links = {f.out_name: [] for f in rt.fields if f.kind == LINKS}  # a new record without links
        write.changes = snapshot(rt, obj, _link_ids(rt, cleaned, {}))
        rules.after_diff(write)
        audit.record(write.action, org=org, actor=membership.user, obj=obj,
                     changes=audited(rt, write.changes, ref_labels(rt, obj)))
        note_edit(membership.user, rt.name, obj)  # the four-eyes rule counts the author among the editors
        rules.after_save(write)
        record_changed.send(sender=rt.model, record_type=rt, write=write)
    return obj


def lock(rt: RecordType, org, pk):
    """The record, locked for the rest of the transaction (``select_for_update``), scoped to ``org``, with the
    people and the records it names read in the same statement (the audit event shows them by e-mail and
    label)."""
    return (rt.model.objects.select_for_update(of=("self",)).select_related(*_people(rt), *_refs(rt))
            .get(pk=pk, organization=org))


def lock_or_404(rt: RecordType, org, pk):
    """:func:`lock`, answering 404 when ``org`` has no such record (a primary key from an address)."""
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
        raise Http404(f"No such {rt.label}.")
    try:
        return lock(rt, org, pk)
    except rt.model.DoesNotExist:
        raise Http404(f"No such {rt.label}.") from None


def _people(rt: RecordType) -> list[str]:
    return [f.attr for f in rt.fields if f.kind == PERSON]


def _refs(rt: RecordType) -> list[str]:
    return [f.attr for f in rt.fields if f.kind == REF]


def _columns(obj) -> dict:
    """The record's column values, to save only what changed (lists and dicts copied: a rule may change one in
    place)."""
    values = {}
    for f in obj._meta.concrete_fields:
        if not f.primary_key:
            value = getattr(obj, f.attname)
            values[f.attname] = copy.deepcopy(value) if isinstance(value, list | dict) else value
    return values


def _save_changed(obj, before: dict) -> None:
    """Save the columns that differ from ``before`` (one UPDATE naming only those, never every column)."""
    obj.save(update_fields=[name for name, value in before.items() if getattr(obj, name) != value])


def stale(rt: RecordType, current, org, data: dict, given: int) -> StaleVersion:
    """The 409 for a stale ``version``: names the fields of ``data`` whose saved value differs from the
    requested one, with the saved value (so a client can merge instead of overwrite)."""
    try:
        cleaned = clean(rt, org, data, partial=True, instance=current)
    except InvalidInput:  # bad input as well as stale: the version is the first thing to fix
        cleaned = {}
    saved = snapshot(rt, current)
    wanted = snapshot_of_cleaned(rt, cleaned)
    differing = {rt.by_name[k].api_name: saved.get(k) for k, v in wanted.items() if saved.get(k) != v}
    return StaleVersion(current.version, given, fields=differing)


def snapshot_of_cleaned(rt, cleaned: dict) -> dict:
    out = {}
    for name, value in cleaned.items():
        f = rt.by_name[name]
        out[name] = sorted(o.pk for o in value) if f.kind == LINKS else _plain(f, value)
    return out


def merge(rt: RecordType, current, cleaned: dict, base: dict, given: int) -> dict:
    """Three-way merge of an edit made on version ``given`` (whose snapshot was ``base``) into the saved record.

    A field the caller left as it was keeps the saved value; a field only the caller changed takes theirs; a
    field both changed to different values is a conflict (EditConflict naming original, theirs and yours).
    Returns the fields to write."""
    saved, wanted = snapshot(rt, current), snapshot_of_cleaned(rt, cleaned)
    keep, conflicts = {}, {}
    for name, mine in wanted.items():
        original, theirs = base.get(name), saved.get(name)
        if same(mine, original) or same(mine, theirs):
            continue  # untouched by the caller, or the same change on both sides
        if same(theirs, original):
            keep[name] = cleaned[name]
        else:
            conflicts[rt.by_name[name].api_name] = {"original": original, "theirs": theirs, "yours": mine}
    if conflicts:
        raise EditConflict(current.version, given, conflicts)
    return keep


def changed_since(rt: RecordType, current, given: int, *, names=None, others=None,
                  counted_key: str | None = None) -> set[str] | None:
    """The writable fields of ``current`` that may have changed since its version ``given``, read from the
    audit history (ISO/IEC 42001 7.5.3): the record's events newest first, each carrying ``{field: [old, new]}``.

    Only the write path's own ``<type>.update`` / ``.archive`` / ``.restore`` events are counted as one version
    each; every other event on the record (an approval, a link, ``others``: events of a companion record whose
    diff keys are this record's field names) is read but not counted, so the walk goes back at least to
    ``given`` and may go further: a field is then reported changed when it was not (a 409 too many), never the
    reverse. ``None`` when ``given`` cannot be a version of this record. ``names``: the keys to look for
    (default: the writable fields); an event of ``others`` holding ``counted_key`` counts as one version."""
    if not 1 <= given < current.version:
        return None
    counted = {f"{rt.name}.{a}" for a in ("update", "archive", "restore")}
    events = list(AuditEvent.objects.filter(
        organization=current.organization_id, object_type=current._meta.model_name, object_id=str(current.pk))
        .order_by("-seq").values_list("seq", "action", "changes"))
    if others is not None:
        events = sorted(events + list(others.values_list("seq", "action", "changes")), reverse=True)
    names, touched, remaining = set(names or rt.by_name), set(), current.version - given
    for _seq, action, changes in events:
        if remaining <= 0:
            break
        touched.update(k for k, v in (changes or {}).items() if k in names and isinstance(v, list) and len(v) == 2)
        if action in counted or (counted_key and counted_key in (changes or {})):
            remaining -= 1
    return touched


def refuse_conflict(rt: RecordType, current, org, data: dict, cleaned: dict, given: int) -> None:
    """A PATCH on a stale version ``given``: 409 (:func:`stale`) when a field it sends was changed by someone
    else since that version and now holds another value than the one sent; otherwise the PATCH applies (the
    same rule as the edit pages' merge, with every sent field counted as the caller's change)."""
    touched = changed_since(rt, current, given)
    if touched is None:
        raise stale(rt, current, org, data, given)
    saved, wanted = snapshot(rt, current), snapshot_of_cleaned(rt, cleaned)
    if any(name in touched and not same(value, saved.get(name)) for name, value in wanted.items()):
        raise stale(rt, current, org, data, given)


def same(a, b) -> bool:
    """Equal as a person sees it: blank text, None and an empty list are the same "nothing"."""
    def norm(v):
        if isinstance(v, str):
            v = v.strip()
        elif isinstance(v, list | tuple):
            v = sorted(v, key=str)
        return None if v in ("", None, []) else v
    return norm(a) == norm(b)


def update(rt: RecordType, membership, obj, data: dict, *, version: int, base: dict | None = None,
           resolved: dict | None = None, rules: Rules = NO_RULES):
    """Change the fields in ``data``. ``version`` is the one the caller read (optimistic concurrency): a stale
    one is applied when none of the fields in ``data`` changed since that version by the audit history, and
    refused with StaleVersion (409) on a real conflict (:func:`refuse_conflict`, the API's PATCH rule); with
    ``base`` (the snapshot the caller's edit started from) a stale version is merged field by field instead
    (:func:`merge`); ``resolved`` ({field: "original" | "theirs" | "yours"}) names the choices a person
    made on a conflict, recorded with the change. A change that changes nothing saves nothing and records no
    event.

    ``obj`` may be the record's primary key instead of the record: it is then read once, locked (Http404 when the
    organisation has no such record), instead of read by the caller and again under the lock."""
    org = membership.organization
    found = {"obj": obj}
    recheck = lambda: clean(rt, org, data, partial=True, instance=found["obj"])  # noqa: E731
    with name_clash_is_bad_input(_or_staged(rt, org, recheck)), transaction.atomic():
        current = lock_or_404(rt, org, obj) if not isinstance(obj, rt.model) else lock(rt, org, obj.pk)
        found["obj"] = obj if isinstance(obj, rt.model) else current
        if not rules.may_edit(membership, current):
            require(membership, "edit_record", current)
        if rt.archivable and current.archived_at is not None:
            raise Conflict(f"This {rt.label} is archived and can no longer be changed.")
        merged = version != current.version
        if merged and base is None:
            try:
                cleaned = clean(rt, org, data, partial=True, instance=current)
            except InvalidInput:  # bad input as well as stale: the version is the first thing to fix
                raise stale(rt, current, org, data, version) from None
            refuse_conflict(rt, current, org, data, cleaned, version)
        else:
            cleaned = clean(rt, org, data, partial=True, instance=current)
        if merged and base is not None:
            cleaned = merge(rt, current, cleaned, base, version)
        write = Write(rt, membership, current, cleaned, action=f"{rt.name}.update",
                      given=version if merged else None)
        write.before = snapshot(rt, current)
        labels = ref_labels(rt, current)
        columns = _columns(current)
        rules.check(write)
        record_checking.send(sender=rt.model, record_type=rt, write=write)
        _apply(rt, current, cleaned)
        rules.before_save(write)
        _set_links(rt, current, cleaned)
        if "links" in vars(current) and any(rt.by_name[name].kind == LINKS for name in cleaned):
            del current.links  # read with the row (``rt.load_links``) before the links changed
        after = snapshot(rt, current, _link_ids(rt, cleaned, write.before))
        write.changes = audit.diff(write.before, after)
        rules.after_diff(write)
        if write.changes:
            if merged:
                write.changes["merged"] = {"edited_version": version, "onto_version": current.version}
            if resolved:
                write.changes["conflict_resolved"] = dict(resolved)
            current.version += 1
            current.updated_at = timezone.now()
            _save_changed(current, columns)
            audit.record(write.action, org=org, actor=membership.user, obj=current,
                         changes=audited(rt, write.changes, ref_labels(rt, current, labels)))
            note_edit(membership.user, rt.name, current)
            rules.after_save(write)
            record_changed.send(sender=rt.model, record_type=rt, write=write)
    current.changed_by_write = bool(write.changes)
    return current


def rt_links(rt: RecordType, obj) -> dict | None:
    """The record's link ids in one go when the record type knows a faster way (``rt.load_links``)."""
    return rt.load_links(obj) if rt.load_links else None


def _set_archived(rt, membership, obj, archived: bool):
    org = membership.organization

    def name_still_free(current):
        if rt.unique and not archived:
            f = rt.by_name[rt.unique[0]]
            clean(rt, org, {f.name: getattr(current, f.attr)}, partial=True, instance=current)

    with name_clash_is_bad_input(lambda: name_still_free(obj)), transaction.atomic():
        current = lock(rt, org, obj.pk)
        require(membership, "archive_record", current)
        name_still_free(current)
        if (current.archived_at is not None) != archived:
            now = timezone.now()
            current.archived_at = now if archived else None
            current.version += 1
            current.updated_at = now
            current.save(update_fields=["archived_at", "version", "updated_at"])
            action = "archive" if archived else "restore"
            write = Write(rt, membership, current, {}, action=f"{rt.name}.{action}",
                          changes={"archived_at": current.archived_at} if archived else {"archived_at": None})
            audit.record(write.action, org=org, actor=membership.user, obj=current, changes=write.changes)
            record_changed.send(sender=rt.model, record_type=rt, write=write)
    return current


def archive(rt: RecordType, membership, obj):
    """Archive: hidden from lists, history kept, never hard-deleted."""
    return _set_archived(rt, membership, obj, True)


def restore(rt: RecordType, membership, obj):
    """Bring an archived record back into the lists (its unique name must still be free)."""
    return _set_archived(rt, membership, obj, False)


def delete(rt: RecordType, membership, obj, *, refuse=None, extra: dict | None = None) -> None:
    """Delete a record. ``refuse(current)`` returns a reason (409) when other records still need it;
    ``extra(current)`` adds context to the audit event (the snapshot is kept there)."""
    org = membership.organization
    with transaction.atomic():
        current = lock(rt, org, obj.pk)
        require(membership, "archive_record", current)
        reason = refuse(current) if refuse else None
        if reason:
            raise Conflict(reason)
        changes = audited(rt, snapshot(rt, current), ref_labels(rt, current))
        if extra:
            changes.update(extra(current))  # nosec B610 - a caller's callable, not QuerySet.extra
        audit.record(f"{rt.name}.delete", org=org, actor=membership.user, obj=current, changes=changes)
        try:
            current.delete()
        except (ProtectedError, RestrictedError) as exc:  # a ``ref`` of another record still names it
            found = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            nouns = sorted({str(o._meta.verbose_name_plural) for o in found})
            raise Conflict(f"Other records ({', '.join(nouns)}) still name this {rt.label}; change or remove "
                           "them first.") from None

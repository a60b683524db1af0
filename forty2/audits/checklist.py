"""The checklist page's items as HTML, built in Python (ISO/IEC 42001 9.2.1).

A full-scope audit has 70 items, each with its guidance, the evidence to sample and a result form; drawn by the
template language that costs about a millisecond per item, ten times the budget of the page (< 30 ms). Each item is
one :func:`format_html` call here instead: every value is escaped as a template would, the markup stays the one
``templates/audits/checklist.html`` documents, and the page's template only places the items."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .models import ItemResult

OPTIONS = [(v, label) for v, label in ItemResult.choices if v]
LABELS = dict(ItemResult.choices)
SELECTED = mark_safe(" selected")  # nosec B308 B703 - a constant attribute, no user input
CHECKED = mark_safe(" checked")  # nosec B308 B703 - a constant attribute, no user input
EMPTY = mark_safe("")  # nosec B308 B703 - a constant


def item_html(item, *, org_slug: str, audit_id: int, csrf: str, may_record: bool, chosen: set,
              finding_url: str | None):
    guidance = (format_html("<details><summary>What to look for</summary><p>{}</p></details>", item.guidance)
                if item.guidance else EMPTY)
    if item.to_sample:
        sample = format_html("<p><strong>Evidence to sample:</strong> {}</p>",
                             "; ".join(e["title"] for e in item.to_sample))
    else:
        where = "control's SoA entry" if item.ref.startswith("A.") else "clause"
        sample = format_html('<p class="muted">No evidence linked to this {} yet.</p>', where)
    result = (format_html("{}", LABELS.get(item.result, item.result)) if item.result
              else mark_safe('<span class="badge badge--muted">Not checked yet</span>'))  # nosec B308 B703
    finding = format_html(' — <a href="{}">Raise a finding</a>', finding_url) if finding_url else EMPTY
    if may_record:
        options = format_html_join("", '<option value="{}"{}>{}</option>',
                                   ((v, SELECTED if v == item.result else EMPTY, label) for v, label in OPTIONS))
        boxes = EMPTY
        if item.to_sample:
            boxes = format_html('<fieldset class="field"><legend>Evidence sampled</legend>{}</fieldset>',
                                format_html_join("", '<label><input type="checkbox" name="evidence" value="{}"{}> '
                                                     "{}</label>",
                                                 ((e["id"], CHECKED if e["id"] in chosen else EMPTY, e["title"])
                                                  for e in item.to_sample)))
        form = format_html(
            '<form method="post" action="{action}" class="form">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
            '<input type="hidden" name="version" value="{version}">'
            '<div class="field"><label for="result-{pk}">Result for {ref}</label>'
            '<select id="result-{pk}" name="result"><option value="">Not checked yet</option>{options}</select></div>'
            '<div class="field"><label for="notes-{pk}">Objective evidence seen</label>'
            '<textarea id="notes-{pk}" name="notes" rows="2" maxlength="10000">{notes}</textarea></div>{boxes}'
            '<button class="button button--primary" type="submit">Save the result of {ref}</button></form>',
            action=reverse("audits:item_result", args=[org_slug, audit_id, item.pk]), csrf=csrf,
            version=item.version, pk=item.pk, ref=item.ref, options=options, notes=item.notes, boxes=boxes)
    elif item.notes:
        form = format_html("<p>{}</p>", item.notes)
    else:
        form = EMPTY
    return format_html(
        '<section class="card checklist-item" id="item-{pk}" aria-labelledby="h-item-{pk}">'
        '<h2 id="h-item-{pk}">{ref} {title}</h2>{guidance}{sample}'
        "<p><strong>Result:</strong> {result}{finding}</p>{form}</section>",
        pk=item.pk, ref=item.ref, title=item.title, guidance=guidance, sample=sample, result=result,
        finding=finding, form=form)

"""Read a page's edit form the way a browser would post it back: every named control of the ``form.form`` with
its current value (checked boxes as lists, the selected option, textarea text), for two-editor tests with
Django's test client."""

from html.parser import HTMLParser

TEXT_INPUTS = {"text", "hidden", "url", "date", "email", "number", "search", "tel", ""}


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict = {}
        self.in_form = False
        self.textarea = None
        self.select = None
        self.option = None
        self.first_option = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_form = "form" in (a.get("class") or "").split()
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "").lower()
            if kind in TEXT_INPUTS:
                self.values[name] = a.get("value", "")
            elif kind == "checkbox":
                self.values.setdefault(name, [])
                if "checked" in a:
                    self.values[name].append(a.get("value", "on"))
            elif kind == "radio" and "checked" in a:
                self.values[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            self.first_option.setdefault(self.select, a.get("value", ""))
            if "selected" in a:
                self.values[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            self.values.setdefault(self.select, self.first_option.get(self.select, ""))
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            text = self.values[self.textarea] + data
            self.values[self.textarea] = text[1:] if text.startswith("\n") and not self.values[self.textarea] \
                else text


def form_values(html: str) -> dict:
    """The values of every control in the page's edit forms (``<form class="form">``)."""
    reader = _FormReader()
    reader.feed(html)
    return {name: value for name, value in reader.values.items()}


def opened(client, url: str) -> dict:
    """GET ``url`` and return its edit form as the browser would post it back unchanged."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_values(response.content.decode())


# --- two people editing one record (ISO/IEC 42001 7.5.3: nobody's saved change is lost) -------------------------

CHOOSE = "Choose what to keep"


def named(membership, full_name: str):
    """Give the member's account a display name (conflict screens name who saved "theirs")."""
    membership.user.full_name = full_name
    membership.user.save(update_fields=["full_name"])
    return membership


def updates(action: str, pk) -> list:
    from forty2.core.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action, object_id=str(pk)).order_by("seq"))


def different_fields_both_kept(alice, bob, url, read, x: tuple, y: tuple, action: str):
    """A and B open the form; A saves field x, then B saves field y: both values are on the record and in the
    audit log, B's event marked as merged. ``read()`` loads the record; ``x``/``y`` are (field, value)."""
    bobs, alices = opened(bob, url), opened(alice, url)
    alices[x[0]] = x[1]
    assert alice.post(url, alices).status_code == 302
    bobs[y[0]] = y[1]
    response = bob.post(url, bobs)
    assert response.status_code == 302, response.content.decode()[:3000]
    record = read()
    assert str(getattr(record, x[0])) == x[1] and str(getattr(record, y[0])) == y[1]
    first, second = updates(action, record.pk)[-2:]
    assert first.actor_id == alice.membership.user.pk and x[0] in first.changes and y[0] not in first.changes
    assert second.actor_id == bob.membership.user.pk and y[0] in second.changes and x[0] not in second.changes
    assert "merged" in second.changes


def conflict_block(html: str, name: str) -> str:
    start = html.index(f'id="conflict-{name}"')
    return html[start:html.index("</fieldset>", start)]


def same_field_offers_a_choice(alice, bob, url, read, x: tuple, bobs_x: str, y: tuple, action: str,
                               choice: str, alices_name: str):
    """A and B change the same field x: B sees original / theirs / yours with A's name on "theirs", the rest of
    B's input kept and nothing of B's saved; B's choice is saved with B's other field, the choice audited."""
    bobs, alices = opened(bob, url), opened(alice, url)
    original = alices[x[0]]
    alices[x[0]] = x[1]
    assert alice.post(url, alices).status_code == 302
    bobs.update({x[0]: bobs_x, y[0]: y[1]})
    page = bob.post(url, bobs)
    html = page.content.decode()
    assert page.status_code == 200 and CHOOSE in html
    block = conflict_block(html, x[0])
    for text in (original, x[1], bobs_x):
        assert text in block
    theirs = block[block.index('value="theirs"'):block.index("</label>", block.index('value="theirs"'))]
    assert alices_name in theirs
    record = read()
    assert str(getattr(record, x[0])) == x[1] and str(getattr(record, y[0])) != y[1]  # nothing of B's yet
    resolved = form_values(html)
    assert resolved[y[0]] == y[1]  # the rest of B's input kept
    resolved[f"resolve_{x[0]}"] = choice
    response = bob.post(url, resolved)
    assert response.status_code == 302, response.content.decode()[:3000]
    record = read()
    assert str(getattr(record, x[0])) == {"theirs": x[1], "yours": bobs_x, "original": original}[choice]
    assert str(getattr(record, y[0])) == y[1]
    last = updates(action, record.pk)[-1]
    assert last.actor_id == bob.membership.user.pk and last.changes["conflict_resolved"] == {x[0]: choice}

"""Hypothesis strategies for EU AI Act questionnaire answers, shared by the engine and the HTTP property tests."""

from hypothesis import strategies as st

from forty2.aiact.validation import ANNEX_III_AREAS, ANNEX_III_LETTERS, ANSWER_FIELDS


def _value(spec):
    kind = spec["type"]
    if kind == "bool":
        return st.booleans()
    if kind == "choice":
        return st.one_of(st.none(), st.sampled_from(spec["choices"]))
    if kind == "multi":
        return st.one_of(st.none(), st.lists(st.sampled_from(spec["choices"]), unique=True))
    if kind == "number":
        return st.one_of(st.none(), st.integers(min_value=0, max_value=10**30),
                         st.floats(min_value=0, max_value=1e30, allow_nan=False, allow_infinity=False))
    return st.none()  # the Annex III point is drawn together with the areas below


@st.composite
def valid_answers(draw):
    """Any subset of the answer fields with valid values; an Annex III point only for a chosen area."""
    data = {name: draw(_value(spec)) for name, spec in ANSWER_FIELDS.items() if draw(st.booleans())}
    if data.get("annex_iii_areas") and draw(st.booleans()):
        number = ANNEX_III_AREAS.index(draw(st.sampled_from(data["annex_iii_areas"]))) + 1
        letters = ANNEX_III_LETTERS[number]
        data["annex_iii_point"] = f"{number}({draw(st.sampled_from(letters))})" if letters else "2"
    return data

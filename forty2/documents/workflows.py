"""The life of a document version, declared once (ISO/IEC 42001 7.5.2 review and approval, 7.5.3 control of
changes, A.2.4 review of the AI policy): draft -> in review -> approved -> superseded or retired."""

from forty2.records.workflow import Transition, Workflow

from .models import VersionState

VERSION_FLOW = Workflow("state", VersionState, [
    Transition("submit", ("draft",), "in_review", label="Send for review", done="sent for review"),
    Transition("review", ("in_review",), "in_review", permission="view", label="Record my review",
               done="reviewed"),
    Transition("return", ("in_review",), "draft", label="Return to draft", done="returned to draft",
               note_required=True),
    Transition("approve", ("in_review",), "approved", permission="approve", label="Approve", done="approved"),
    Transition("retire", ("approved",), "retired", permission="approve", label="Retire", done="retired",
               note_required=True),
])

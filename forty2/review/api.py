"""The API of management reviews (ISO/IEC 42001 9.3).

``/orgs/{org}/management-reviews`` (with ``review-attendees`` and ``review-actions`` as flat collections filtered by
``review``) come from the records kit (``record_routes``). A review's steps are ``POST …/{id}/hold`` and
``…/{id}/cancel`` with the version read; ``POST …/{id}/approve`` approves the outputs (four-eyes);
``GET …/{id}/pack`` is the input pack: the frozen one of a held review, byte for byte, else the live preview.
"""

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Router, Schema
from pydantic import StrictInt, create_model

from forty2.api.common import StrictSchema, json_response, org_membership
from forty2.records.routes import record_routes
from forty2.records.schemas import output_schema

from . import pack as review_pack
from . import services
from .definitions import ACTION, ATTENDEE, REVIEW
from .faces import ACTION_ACCESS, ATTENDEE_ACCESS, REVIEW_ACCESS

router = Router(tags=["Management review"])

ReviewOut = create_model(
    "ManagementReviewOut", __base__=output_schema(REVIEW, "ManagementReviewBase"),
    outputs_approval=(str, Field(..., description="none, approved or stale (changed since approved; the list "
                                                  "says approved for any approval in force)")),
    outputs_approved_by=(str | None, None), outputs_approved_at=(datetime | None, None))

record_routes(router, REVIEW, REVIEW_ACCESS, path="management-reviews", schema_prefix="ManagementReview",
              schema_out=ReviewOut)
record_routes(router, ATTENDEE, ATTENDEE_ACCESS, path="review-attendees", schema_prefix="ReviewAttendee")
record_routes(router, ACTION, ACTION_ACCESS, path="review-actions", schema_prefix="ReviewAction")


class StepIn(StrictSchema):
    version: StrictInt = Field(..., description="The version you read; a stale one is refused with 409")
    note: str = Field("", max_length=2000)


class StepWithNoteIn(StepIn):
    note: str = Field(..., min_length=1, max_length=2000, pattern=r"\S", description="Why (required)")


def _one(m, obj):
    return REVIEW_ACCESS.shape(REVIEW, [obj])[0]


def _step_route(step):
    body_schema = StepWithNoteIn if step.note_required else StepIn

    def view(request, org: str, pk: int, body: body_schema):
        m = org_membership(request, org)
        obj = REVIEW_ACCESS.get(REVIEW, m.organization, pk)
        return json_response(_one(m, services.review_step(m, obj, step.name, version=body.version,
                                                          note=body.note)))

    view.__name__ = f"management_review_{step.name}"
    router.post("{org}/management-reviews/{int:pk}/" + step.name, response=ReviewOut,
                operation_id=f"management_reviews_{step.name}", summary=f"{step.label} (management review)",
                description="Holding needs `held_on` and an attendee of top management who attended (9.3.1), "
                            "and freezes the input pack (9.3.2). Audited." if step.name == "hold" else
                            "From planned to cancelled, with a note. Audited.")(view)


for _t in services.REVIEW_FLOW.transitions.values():
    _step_route(_t)


@router.post("{org}/management-reviews/{int:pk}/approve", response=ReviewOut,
             operation_id="management_reviews_approve", summary="Approve the outputs of a management review",
             description="The outputs of a held review (attendance, minutes, decisions, actions with owners and "
                         "due dates: 9.3.3), approved by someone who edited none of them since their last approval "
                         "(four-eyes; 403 otherwise). 422 names what is missing.")
def approve_outputs(request, org: str, pk: int, body: StepIn):
    m = org_membership(request, org)
    obj = REVIEW_ACCESS.get(REVIEW, m.organization, pk)
    return json_response(_one(m, services.approve_outputs(m, obj, version=body.version, note=body.note)))


class PackOut(Schema):
    frozen: bool
    frozen_at: datetime | None
    pack_hash: str = Field(..., description="SHA-256 of the pack as canonical JSON (sorted keys)")
    pack: dict


@router.get("{org}/management-reviews/{int:pk}/pack", response=PackOut, operation_id="management_reviews_pack",
            summary="The input pack of a management review",
            description="One section per 9.3.2 input, figures and short lists. A held review answers its frozen "
                        "pack, byte for byte the same whatever changed since; a planned one the live preview.")
def get_pack(request, org: str, pk: int):
    m = org_membership(request, org)
    obj = REVIEW_ACCESS.get(REVIEW, m.organization, pk, include_archived=False)
    data, frozen = services.shown_pack(obj)
    body = (b'{"frozen":' + (b"true" if frozen else b"false")
            + b',"frozen_at":' + (f'"{obj.pack_frozen_at.isoformat()}"'.encode() if frozen else b"null")
            + b',"pack_hash":"' + (obj.pack_hash if frozen else review_pack.hash_of(data)).encode()
            + b'","pack":' + review_pack.canonical(data) + b"}")
    response = HttpResponse(body, content_type="application/json")
    response["X-Pack-Hash"] = obj.pack_hash if frozen else review_pack.hash_of(data)
    return response

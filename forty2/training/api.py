"""REST endpoints of training (ISO/IEC 42001 7.2 d, 7.3): the records kit's routes for courses
(``trainings``), sessions (``training-sessions``) and training records (``training-records``)."""

from ninja import Router

from forty2.records.routes import record_routes

from . import faces
from .definitions import COURSE, SESSION, TRAINING_RECORD

router = Router(tags=["Training"])

record_routes(router, COURSE, faces.COURSE_ACCESS, path="trainings", schema_prefix="Course")
record_routes(router, SESSION, faces.SESSION_ACCESS, path="training-sessions", schema_prefix="TrainingSession")
record_routes(router, TRAINING_RECORD, faces.RECORD_ACCESS, path="training-records", schema_prefix="TrainingRecord")

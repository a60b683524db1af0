"""Signed anchors of the audit chains, named by organisation (ISO/IEC 42001 7.5.3; issue #14).

``core.anchor`` signs and writes; this module gives it the organisations' slugs and ids, and runs the
periodic anchor of ``forty2 worker`` (every FORTY2_ANCHOR_EVERY_SECONDS, to FORTY2_ANCHOR_SINK). The key is
read from its file (FORTY2_ANCHOR_KEY_FILE), created there on first use; only its fingerprint is logged."""

import logging
import threading

from django.conf import settings
from django.db import connections

from forty2.core import anchor

from .chains import chain_labels, organization_ids

logger = logging.getLogger("forty2.audit")


def make_anchor(*, create_key: bool = True) -> dict:
    """The signed statement of every chain's head as it is now."""
    key, _created = anchor.load_or_create_key(create=create_key)
    labels, _required = chain_labels()
    return anchor.sign(anchor.build_statement(labels, organization_ids()), key)


def write_configured() -> list[str]:
    """One anchor to every sink of FORTY2_ANCHOR_SINK; the locations written."""
    sinks = anchor.parse_sinks(settings.FORTY2_ANCHOR_SINK)
    if not sinks:
        return []
    return anchor.write(make_anchor(), sinks)


class PeriodicAnchor:
    """A daemon thread of the worker writing an anchor at start and then every ``interval`` seconds, with its
    own database connection. A failure is logged in one line (never the key) and tried again next time."""

    def __init__(self, interval: float):
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="audit-anchor", daemon=True)

    @classmethod
    def start_if_enabled(cls):
        interval = settings.FORTY2_ANCHOR_EVERY_SECONDS
        if interval <= 0 or not settings.FORTY2_ANCHOR_SINK:
            return None
        periodic = cls(interval)
        periodic._thread.start()
        return periodic

    def stop(self) -> None:
        self._stop.set()

    def run_once(self) -> None:
        try:
            written = write_configured()
            logger.info("Audit anchor written to %s.", ", ".join(written) or "no sink")
        except anchor.AnchorError as exc:
            logger.error("Writing the audit anchor failed: %s", exc)
        except Exception as exc:  # a locked or lost database: try again next time
            logger.error("Writing the audit anchor failed: %s: %s", type(exc).__name__, exc)
        finally:
            connections.close_all()  # this thread's connections only

    def _loop(self) -> None:
        self.run_once()
        while not self._stop.wait(self.interval):
            self.run_once()

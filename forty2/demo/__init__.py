"""The demo organisations: ``acme-health`` (a hospital group) and ``globex`` (a logistics firm).

One story that shows the whole product (docs/architecture.md, "The demo organisations"). Each area has a small
builder function (``acme.build_acme_register`` …) so later issues add risks, impact assessments, the SoA,
documents and audits to the same organisations. ``demo`` is the top layer: it may use every other app.

This package is also a Django app (for the ``forty2 demo`` command), and Django imports an app's package
before the models are ready: the builder, which uses them, is imported when :func:`build` runs.
"""

DEFAULT_PASSWORD = "forty2-demo-password"  # nosec B105 - the documented demo password (README)


def build(password: str | None = None, progress=None):
    """Create (or complete) both demo organisations in one transaction; return who can sign in."""
    from .builder import build as build_demo

    return build_demo(password, progress)

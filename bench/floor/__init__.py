"""The bare floor: the least a Django 5.2 + django-ninja service on Forty2's stack does for the same five API calls.

One model of 25 fields, hashed-token auth in one query, a ``.values()`` page with its count in the same query, an
optimistic-version PATCH and a create, each with a SHA-256 audit-chain append in the same transaction. No role
checks, no validation beyond the schema, no history or approvals: what Forty2 costs above this is the price of its
features, and ``bench/faces.py`` prints the ratio (issue #15, "Speed").
"""

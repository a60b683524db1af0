"""The API's JSON parser: every string of a request body is checked once, before any schema or service sees it
(issue #14 finding 9; OWASP ASVS 5.0 V1.2/V2.2). A lone surrogate or a NUL anywhere is a 422 naming its place
(``["body", "likelihood_scale", 1, "label"]``), mapped in :mod:`forty2.api.urls`."""

from ninja.parser import Parser

from forty2.core import text


class UnstorableText(ValueError):
    """Strings of the body that cannot be stored: ``problems`` is ``[(path, message)]``."""

    def __init__(self, problems):
        super().__init__("unstorable text in the request body")
        self.problems = problems

    def detail(self) -> list[dict]:
        return [{"loc": ["body", *path], "msg": msg, "type": "string_unicode"} for path, msg in self.problems]


class CheckedJsonParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        problems = text.bad_strings(data)
        if problems:
            raise UnstorableText(problems)
        return data

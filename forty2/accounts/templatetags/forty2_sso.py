"""``{% sso_providers as providers %}``: the configured single sign-on providers, for the sign-in page."""

from django import template

from forty2.accounts import sso

register = template.Library()


@register.simple_tag
def sso_providers() -> list[dict]:
    return sso.providers()

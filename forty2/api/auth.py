"""Bearer tokens (``Authorization: Bearer f2_…``) and, for the browsable docs, the session."""

from ninja.security import HttpBearer, SessionAuth

from forty2.tenancy.access import authenticate_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = authenticate_token(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token


class Session(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


AUTH = [TokenAuth(), Session()]

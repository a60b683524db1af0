from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Self-hosted and invitation-only: people are added by an organisation owner, never by sign-up."""

    def is_open_for_signup(self, request):
        return False

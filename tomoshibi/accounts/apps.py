from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tomoshibi.accounts"
    label = "accounts"

    def ready(self):
        from tomoshibi.audit.models import register_actions

        from .models import AccountsEvent

        register_actions(AccountsEvent)

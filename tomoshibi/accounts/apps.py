from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tomoshibi.accounts"
    label = "accounts"

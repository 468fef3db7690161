from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "tomoshibi.vault"
    label = "vault"

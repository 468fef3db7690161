from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "tomoshibi.help"
    label = "help"

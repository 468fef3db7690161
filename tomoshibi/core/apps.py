from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tomoshibi.core"
    label = "core"
    verbose_name = "Core"

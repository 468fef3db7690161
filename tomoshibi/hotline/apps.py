from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "tomoshibi.hotline"
    label = "hotline"

    def ready(self):
        from tomoshibi.audit.models import register_actions

        from .models import HotlineEvent

        register_actions(HotlineEvent)

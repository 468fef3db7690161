from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "tomoshibi.stats"
    label = "stats"

    def ready(self):
        from tomoshibi.audit.models import register_actions

        from .models import RoundEvent

        register_actions(RoundEvent)

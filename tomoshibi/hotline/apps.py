from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "tomoshibi.hotline"
    label = "hotline"

    def ready(self):
        from tomoshibi.audit.models import keep_trail_while_held, register_actions

        from .models import HotlineEvent, Report

        register_actions(HotlineEvent)
        keep_trail_while_held(Report)

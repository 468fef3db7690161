from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "tomoshibi.hotline"
    label = "hotline"

    def ready(self):
        from tomoshibi.audit.models import keep_trail_while_held, register_actions
        from tomoshibi.core.hooks import reporting_links

        from .access import reporting_links as where_to_report
        from .models import HotlineEvent, Report

        register_actions(HotlineEvent)
        keep_trail_while_held(Report)
        reporting_links.provide(where_to_report)

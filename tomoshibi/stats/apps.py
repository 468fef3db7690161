from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "tomoshibi.stats"
    label = "stats"

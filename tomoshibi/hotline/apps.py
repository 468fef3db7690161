from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "tomoshibi.hotline"
    label = "hotline"

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "tomoshibi.screening"
    label = "screening"

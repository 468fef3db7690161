from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "tomoshibi.consultations"
    label = "consultations"

from django.apps import AppConfig


class JobOffersConfig(AppConfig):
    name = "tomoshibi.joboffers"
    label = "joboffers"

from django.apps import AppConfig


class JobOffersConfig(AppConfig):
    name = "tomoshibi.joboffers"
    label = "joboffers"

    def ready(self):
        from tomoshibi.audit.models import register_actions

        from .models import JobOfferAction

        register_actions(JobOfferAction)

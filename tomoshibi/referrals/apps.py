from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tomoshibi.referrals"
    label = "referrals"

    def ready(self):
        from tomoshibi.audit.models import register_actions

        from .models import ReferralEvent

        register_actions(ReferralEvent)

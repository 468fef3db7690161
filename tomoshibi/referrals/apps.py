from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tomoshibi.referrals"
    label = "referrals"

    def ready(self):
        from tomoshibi.audit.models import keep_trail_while_held, register_actions
        from tomoshibi.core.hooks import referral_cards

        from .models import Referral, ReferralEvent
        from .person import cards_for

        register_actions(ReferralEvent)
        keep_trail_while_held(Referral)
        referral_cards.provide(cards_for)

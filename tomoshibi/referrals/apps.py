from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tomoshibi.referrals"
    label = "referrals"

    def ready(self):
        from tomoshibi.audit.models import keep_trail_while_held, register_actions
        from tomoshibi.consultations.channels import register_answer
        from tomoshibi.core.hooks import referral_cards, referrals_waiting

        from .access import waiting_for
        from .channel import TOPIC, answer_on_channel
        from .models import Referral, ReferralEvent
        from .person import cards_for

        register_actions(ReferralEvent)
        keep_trail_while_held(Referral)
        referral_cards.provide(cards_for)
        referrals_waiting.provide(waiting_for)
        register_answer(TOPIC, answer_on_channel)

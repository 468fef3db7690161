from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "tomoshibi.consultations"
    label = "consultations"

    def ready(self):
        from tomoshibi.audit.models import keep_trail_while_held, register_actions

        from .models import Case, ConsultationEvent, Conversation

        register_actions(ConsultationEvent)
        keep_trail_while_held(Conversation, Case)

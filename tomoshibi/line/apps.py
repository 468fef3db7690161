from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LineConfig(AppConfig):
    name = "tomoshibi.line"
    label = "line"

    def ready(self):
        from tomoshibi.audit.models import register_actions
        from tomoshibi.consultations.channels import Channel, register

        from .actions import do_hand_over_line_chat
        from .delivery import ask, conversation_notice, deliver_reply, sealed_address, thread_extras
        from .models import LineAction

        register_actions(LineAction)
        register(
            Channel(
                name="line",
                label=_("LINE"),
                deliver=deliver_reply,
                extras=thread_extras,
                notice=conversation_notice,
                ask=ask,
                sealed_address=sealed_address,
                hand_over=do_hand_over_line_chat,
            )
        )

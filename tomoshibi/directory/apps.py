from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "tomoshibi.directory"
    label = "directory"

    def ready(self):
        from tomoshibi.audit.models import register_actions

        from .models import DirectoryEvent

        register_actions(DirectoryEvent)

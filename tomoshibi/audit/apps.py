from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tomoshibi.audit"
    label = "audit"

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "tomoshibi.directory"
    label = "directory"

from django.urls import path

from .views import figures

app_name = "stats"

urlpatterns = [
    path("", figures.figures, name="figures"),
]

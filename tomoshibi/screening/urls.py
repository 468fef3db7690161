from django.urls import path
from django.views.generic import RedirectView

from .views import learn, organisations, screen

app_name = "screening"

urlpatterns = [
    path("screen/", screen.choose, name="choose"),
    # The public figures moved to the stats app; old links still arrive.
    path("screen/figures/", RedirectView.as_view(pattern_name="stats:figures", permanent=True)),
    path("screen/<slug:role>/<slug:instrument_id>/", screen.screen, name="screen"),
    # Fixed paths before learn/<module_id>/, which would otherwise match them.
    path("learn/", learn.learn_index, name="learn"),
    path("learn/verify/", learn.verify, name="verify"),
    path("learn/organisations/", organisations.organisations, name="organisations"),
    path("learn/certificate/<str:code>/", learn.certificate, name="certificate"),
    path("learn/<slug:module_id>/", learn.module_start, name="module"),
    path("learn/<slug:module_id>/summary/", learn.summary, name="summary"),
    path("learn/<slug:module_id>/<int:number>/", learn.question, name="question"),
    path("learn/<slug:module_id>/<int:number>/feedback/", learn.feedback, name="feedback"),
]

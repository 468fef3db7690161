from django.urls import path

from .views import figures, learn, screen

app_name = "screening"

urlpatterns = [
    path("screen/", screen.choose, name="choose"),
    path("screen/figures/", figures.figures, name="figures"),
    path("screen/<slug:role>/<slug:instrument_id>/", screen.screen, name="screen"),
    # Fixed paths before learn/<module_id>/, which would otherwise match them.
    path("learn/", learn.learn_index, name="learn"),
    path("learn/verify/", learn.verify, name="verify"),
    path("learn/organisations/", figures.organisations, name="organisations"),
    path("learn/certificate/<str:code>/", learn.certificate, name="certificate"),
    path("learn/<slug:module_id>/", learn.module_start, name="module"),
    path("learn/<slug:module_id>/summary/", learn.summary, name="summary"),
    path("learn/<slug:module_id>/<int:number>/", learn.question, name="question"),
    path("learn/<slug:module_id>/<int:number>/feedback/", learn.feedback, name="feedback"),
]

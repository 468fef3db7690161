from django.urls import path

from .views import figures, rounds

app_name = "stats"

urlpatterns = [
    path("", figures.figures, name="figures"),
    # Estimation rounds: the coordinator's side, then a participating organisation's.
    path("staff/rounds/", rounds.rounds, name="rounds"),
    path("staff/rounds/new/<slug:organisation_slug>/", rounds.open_round, name="open_round"),
    path("staff/rounds/<uuid:round_id>/", rounds.coordinate, name="round"),
    path("staff/rounds/<uuid:round_id>/run/", rounds.run, name="run_round"),
    path("staff/rounds/<uuid:round_id>/close/", rounds.close, name="close_round"),
    path("staff/rounds/<uuid:round_id>/extend/", rounds.extend, name="extend_round"),
    path("staff/rounds/<uuid:round_id>/report/<str:language>/", rounds.report, name="round_report"),
    path("staff/rounds/<uuid:round_id>/<slug:organisation_slug>/", rounds.take_part, name="take_part"),
    path("staff/rounds/<uuid:round_id>/<slug:organisation_slug>/send/", rounds.submit, name="submit_list"),
    path("staff/rounds/<uuid:round_id>/<slug:organisation_slug>/withdraw/", rounds.withdraw, name="withdraw_list"),
]

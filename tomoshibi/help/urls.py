from django.urls import path

from . import views

app_name = "help"

urlpatterns = [
    path("", views.help_flow, name="flow"),
    path("begin/", views.begin_with_context, name="begin"),
    path("posters/", views.poster_list, name="posters"),
    path("posters/<slug:area>/a4/", views.poster_a4, name="poster_a4"),
    path("posters/<slug:area>/phone.svg", views.poster_phone, name="poster_phone"),
]

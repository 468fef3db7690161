from django.urls import path

from .views import person, staff

app_name = "referrals"

urlpatterns = [
    # The person's side.
    path("referrals/<uuid:referral_id>/answer/", person.answer, name="answer"),
    # The counsellor's side.
    path("staff/conversations/<uuid:conversation_id>/refer/", staff.propose, name="propose"),
    path("staff/inbox/<slug:organisation_slug>/referrals/", staff.referrals, name="list"),
    path("staff/inbox/<slug:organisation_slug>/referrals/figures/", staff.organisation_figures, name="figures"),
    path("staff/referrals/figures/", staff.platform_figures, name="platform_figures"),
    path("staff/referrals/<uuid:referral_id>/", staff.detail, name="detail"),
    path("staff/referrals/<uuid:referral_id>/accept/", staff.accept, name="accept"),
    path("staff/referrals/<uuid:referral_id>/decline/", staff.decline, name="decline"),
]

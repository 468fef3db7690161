from django.urls import path

from .views import person, staff

app_name = "consultations"

urlpatterns = [
    # The person's side.
    path("", person.come_back, name="home"),
    path("start/", person.start, name="start"),
    path("start/<slug:organisation_slug>/", person.write, name="write"),
    path("receipt/", person.receipt, name="receipt"),
    path("conversation/", person.thread, name="thread"),
    path("leave/", person.leave, name="leave"),
    # The counsellor's side.
    path("staff/inbox/<slug:organisation_slug>/", staff.inbox, name="inbox"),
    path("staff/inbox/<slug:organisation_slug>/cases/", staff.cases, name="cases"),
    path("staff/conversations/<uuid:conversation_id>/", staff.conversation, name="conversation"),
    path("staff/conversations/<uuid:conversation_id>/reply/", staff.reply, name="reply"),
    path("staff/conversations/<uuid:conversation_id>/assign/", staff.assign, name="assign"),
    path("staff/conversations/<uuid:conversation_id>/tags/", staff.tag, name="tag"),
    path("staff/conversations/<uuid:conversation_id>/close/", staff.close, name="close"),
    path("staff/conversations/<uuid:conversation_id>/reopen/", staff.reopen, name="reopen"),
    path("staff/conversations/<uuid:conversation_id>/delete/", staff.delete, name="delete"),
    path("staff/conversations/<uuid:conversation_id>/case/", staff.create_case, name="create_case"),
    path("staff/cases/<uuid:case_id>/", staff.case, name="case"),
    path("staff/cases/<uuid:case_id>/update/", staff.update_case, name="update_case"),
    path("staff/cases/<uuid:case_id>/notes/", staff.add_note, name="add_note"),
]

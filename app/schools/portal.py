"""/truong: the signed-in school's own area (issue 10, line 3).

The school is always the signed-in account's (`current_user.school`), never an id from the
URL or a form: an activity id of another school answers 404 whatever the request (plain,
form or htmx), and criteria outside the year's framework are refused by operations.py.
Activity photos are checked by the media pipeline as soon as they arrive and held
server-side (content/held.py), so a form refused for a typo keeps them; they become private
Media of the activity only when the save succeeds. The optional PDF is stored on a successful
save only (a refused form asks for it again).
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..content import held
from ..content.media import (UploadError, add_media, discard_written, media_root,
                             prepare_upload, write_files)
from ..extensions import db
from ..web import htmx
from ..web.forms import attach_error, save, version_of
from . import operations, portal_bp, progress, queries
from .models import ACTIVITY_STATES
from .operations import MAX_PHOTOS, SchoolError
from .portal_forms import ActivityForm, ClubForm, DeleteForm, RegisterForm

EDITABLE = ("draft", "returned")
PIONEER_LEVELS = ("tieu-hoc", "thcs")


def _school():
    school = current_user.school
    if school is None:  # a school account must name its school (a database rule); be safe
        abort(403)
    return school


def _framework():
    framework = queries.current_framework()
    if framework is None:
        abort(404)
    return framework


def _stale_message() -> str:
    return _("Someone else changed this while you were editing. Reload the page to see "
             "their changes.")


# --- home -----------------------------------------------------------------------------------

@portal_bp.route("/")
def home():
    school = _school()
    framework = queries.current_framework()
    registration = progress_of = None
    activities, counts = [], dict.fromkeys(ACTIVITY_STATES, 0)
    if framework is not None:
        registration = queries.registration_of(school, framework)
        progress_of = progress.of_school(framework, school)
        activities = queries.activities_of(school, framework)
        for activity in activities:
            counts[activity.state] += 1
    returned = [a for a in activities if a.state == "returned"]
    return htmx.render("schools/portal/home.html", school=school, framework=framework,
                       registration=registration, progress=progress_of, counts=counts,
                       returned=returned, club=queries.club_of(school))


# --- registration for the year --------------------------------------------------------------

@portal_bp.route("/dang-ky", methods=["GET", "POST"])
def register():
    school, framework = _school(), _framework()
    registration = queries.registration_of(school, framework)
    form = RegisterForm()
    status = 200
    if request.method == "GET" and registration is not None:
        form.target_level.data = registration.target_level
        form.criteria.data = [c.id for c in registration.targets]
        form.version.data = str(registration.version)
    elif request.method == "POST":
        version = version_of(form.version)
        if registration is not None and version != registration.version:
            form.validate()
            form.form_errors.append(_stale_message())
            status = 409
        else:
            saved = save(form, lambda: operations.register(
                school, framework, form.criteria.data or [], form.target_level.data,
                version=version), (SchoolError,))
            if saved is not None:
                flash(_("Your registration for %(year)s is saved.",
                        year=framework.school_year), "success")
                return redirect(url_for("portal.home"), 303)
            status = 422
    return htmx.render("schools/portal/register.html", school=school, framework=framework,
                       registration=registration, form=form, chosen=set(form.criteria.data or []),
                       status=status)


# --- activities -----------------------------------------------------------------------------

@portal_bp.route("/hoat-dong/")
def activities():
    school = _school()
    return htmx.render("schools/portal/activities.html", school=school,
                       activities=queries.activities_of(school))


def _own_activity(activity_id: int):
    activity = queries.activity_of_school(activity_id, _school().id)
    if activity is None:
        abort(404)
    return activity


@portal_bp.route("/hoat-dong/moi", methods=["GET", "POST"])
def new_activity():
    return _activity_page(None)


@portal_bp.route("/hoat-dong/<int:activity_id>", methods=["GET", "POST"])
def activity(activity_id: int):
    return _activity_page(_own_activity(activity_id))


def _activity_page(activity):
    school = _school()
    framework = activity.framework if activity is not None else _framework()
    editable = activity is None or activity.state in EDITABLE
    form = ActivityForm(obj=activity) if request.method == "GET" else ActivityForm()
    token = form.held.data if held.valid_token(form.held.data) else held.new_token()
    form.held.data = token
    status = 200
    if request.method == "GET" and activity is not None:
        form.criteria.data = [c.id for c in activity.criteria]
        form.version.data = str(activity.version)
        form.remove_photos.data = []
    if request.method == "POST":
        if not editable:
            form.form_errors.append(_("This activity is waiting for review or approved: it "
                                      "can no longer be changed."))
            status = 409
        elif activity is not None and version_of(form.version) != activity.version:
            form.validate()
            form.form_errors.append(_stale_message())
            status = 409
        else:
            saved = _save_activity(form, school, framework, activity, token)
            if saved is not None:
                if saved.state == "draft":
                    flash(_("Draft saved. Send it for review when it is complete."), "success")
                else:
                    flash(_("Sent for review. The centre's staff will read it."), "success")
                return redirect(url_for("portal.activity", activity_id=saved.id), 303)
            status = 422
    return htmx.render("schools/portal/activity.html", school=school, framework=framework,
                       activity=activity, form=form, editable=editable,
                       chosen=set(form.criteria.data or []), max_photos=MAX_PHOTOS,
                       held_photos=held.held(token),
                       submitted=request.method == "POST", status=status)


def _kept(form, activity) -> int:
    removed = set(form.remove_photos.data or [])
    return len([p for p in activity.photos if p.id not in removed]) if activity else 0


def _hold_photos(form, activity, token) -> list[str]:
    """Check and hold the chosen photos at once (kept even if the form is refused)."""
    held.release(token, request.form.getlist("remove_held"))
    chosen = [f for f in request.files.getlist(form.photos.name) if f and f.filename]
    if not chosen:
        return []
    return held.hold(token, chosen, alt=form.title.data or _("Activity photo"),
                     max_files=max(MAX_PHOTOS - _kept(form, activity), 0), allowed=("image",),
                     too_many=_("%%(name)s: an activity has at most %(num)d photos; remove one "
                                "to add another.", num=MAX_PHOTOS))


def _prepared_document(form):
    upload = request.files.get(form.document.name)
    if not (upload and upload.filename):
        return None
    try:
        return prepare_upload(upload.stream, upload.filename, alt=form.title.data or "",
                              allowed=("pdf",))
    except UploadError as error:
        form.document.errors = [*form.document.errors, f"{upload.filename}: {error}"]
        return None


def _save_activity(form, school, framework, activity, token):
    photo_errors = _hold_photos(form, activity, token)
    valid = form.validate()
    form.photos.errors = [*form.photos.errors, *photo_errors]
    if len(held.held(token)) + _kept(form, activity) > MAX_PHOTOS:
        form.photos.errors = [*form.photos.errors, _(
            "At most %(num)d photos per activity: remove some before adding others.",
            num=MAX_PHOTOS)]
    document = _prepared_document(form)
    if not valid or form.photos.errors or form.document.errors:
        return None
    placement = held.Placement(token, alt=form.title.data.strip())
    try:
        photos = placement.media(current_user.id)
        document_media = None
        if document is not None:
            write_files(document, media_root())
            document_media = add_media(document, current_user.id, private=True)
        saved = operations.save_activity(
            school, framework, activity, held_on=form.held_on.data,
            title=form.title.data.strip(), description=(form.description.data or "").strip(),
            pupils=form.pupils.data, teachers=form.teachers.data, parents=form.parents.data,
            criterion_ids=form.criteria.data or [], photos=photos, document=document_media,
            remove_photo_ids=form.remove_photos.data or [],
            version=version_of(form.version))
        if request.form.get("action") == "submit":
            operations.submit(saved)
        db.session.flush()
        placement.place()
        db.session.commit()
    except SchoolError as error:
        db.session.rollback()
        placement.undo()
        discard_written()
        attach_error(form, error)
        return None
    except BaseException:
        db.session.rollback()
        placement.undo()
        discard_written()
        raise
    placement.finish()
    return saved


@portal_bp.route("/hoat-dong/<int:activity_id>/xoa", methods=["GET", "POST"])
def delete_activity(activity_id: int):
    activity = _own_activity(activity_id)
    form = DeleteForm()
    status = 200
    if activity.state != "draft":
        form.form_errors.append(_("Only a draft can be deleted."))
        status = 409
    elif request.method == "POST":
        if form.validate():
            title = activity.title
            operations.delete_draft(activity)
            db.session.commit()
            flash(_("The draft “%(title)s” is deleted.", title=title), "success")
            return redirect(url_for("portal.activities"), 303)
        status = 422
    return htmx.render("schools/portal/delete.html", school=_school(), activity=activity,
                       form=form, status=status)


# --- the club page --------------------------------------------------------------------------

def _club_words(form, level: str) -> dict[str, str]:
    """Members and leaders by school level: in a primary or lower secondary school they are
    Young Pioneers (đội viên) led by the Tổng phụ trách Đội, not Youth Union members."""
    if level in PIONEER_LEVELS:
        form.members.label.text = _("Number of Young Pioneers (đội viên) in the club")
        return {"members": _("Count the Young Pioneers who take part in the club."),
                "leaders": _("One per line: name — role, for example the Young Pioneer "
                             "leader (Tổng phụ trách Đội) and the class pioneer leaders.")}
    if level == "thpt":
        form.members.label.text = _("Number of Youth Union members (đoàn viên) in the club")
        return {"members": _("Count the Youth Union members who take part in the club."),
                "leaders": _("One per line: name — role, for example the school's Youth "
                             "Union secretary (Bí thư Đoàn trường).")}
    form.members.label.text = _("Number of children in the club")
    return {"members": _("Count the children who take part, with their teachers' help."),
            "leaders": _("One per line: name — role, for example the teachers who lead the "
                         "club.")}


@portal_bp.route("/cau-lac-bo", methods=["GET", "POST"])
def club():
    school = _school()
    club = queries.club_of(school)
    form = ClubForm(obj=club) if request.method == "GET" and club else ClubForm()
    status = 200
    if request.method == "GET" and club is not None:
        form.version.data = str(club.version)
    elif request.method == "POST":
        version = version_of(form.version)
        if club is not None and version != club.version:
            form.validate()
            form.form_errors.append(_stale_message())
            status = 409
        else:
            saved = save(form, lambda: operations.save_club(
                school, name=form.name.data, members=form.members.data,
                leaders=form.leaders.data or "", meetings=form.meetings.data or "",
                projects=form.projects.data or "", version=version), (SchoolError,))
            if saved is not None:
                flash(_("The club page is saved."), "success")
                return redirect(url_for("portal.club"), 303)
            status = 422
    hints = _club_words(form, school.level)
    return htmx.render("schools/portal/club.html", school=school, club=club, form=form,
                       hints=hints, status=status)

"""/quan-tri/truong-hoc-xanh: the staff pages of the green-school model (guarded by the staff
shell it is nested in): the year's overview and export, the review queue, an activity, a
school's criteria and confirmations, the school registry, and the framework (admins).

Every write goes through schools/operations.py, which records its audit entry; the view commits
once and answers a plain POST with a 303 and a flash. A refused write shows the page again with
the message beside the field (422), or 409 when the record changed since the page was opened.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from slugify import slugify
from wtforms import SelectChoice

from .. import audit
from ..extensions import db
from ..web.forms import attach_error, version_of
from ..web.inputs import MAX_ID
from ..web.roles import ADMIN, role_required
from ..web.timeutil import utcnow
from . import exports, operations, progress, queries
from .admin_forms import (LEVEL_LABELS, NEW_ROWS, STATE_LABELS, TARGET_LABELS, ApproveForm,
                          ButtonForm, ConfirmForm, FrameworkForm, ReturnForm, SchoolForm,
                          hamlet_choices)
from .models import Activity, Framework, School

admin_bp = Blueprint("schools", __name__, url_prefix="/truong-hoc-xanh")

audit.register_actions({
    "schools.export": _l("Green-school progress exported"),
})

STALE = _l("Someone else changed this since you opened it. Check it again below, then repeat "
           "your action.")


def _labels() -> dict:
    return {"level_labels": LEVEL_LABELS, "state_labels": STATE_LABELS,
            "target_labels": TARGET_LABELS}


def _framework() -> Framework:
    framework = queries.current_framework()
    if framework is None:
        abort(404)
    return framework


def _id(raw) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and int(raw) <= MAX_ID else None


# --- overview and export -----------------------------------------------------------------

@admin_bp.route("/")
def index():
    framework = queries.current_framework()
    if framework is None:
        return render_template("schools/admin/index.html", framework=None, rows=[],
                               waiting={}, **_labels())
    return render_template("schools/admin/index.html", framework=framework,
                           rows=progress.board(framework),
                           waiting=queries.waiting_by_school(framework),
                           to_review=queries.activities_to_review(), **_labels())


@admin_bp.route("/xuat.xlsx")
def export_xlsx():
    framework = _framework()
    board = progress.board(framework)
    body, activities = exports.xlsx_body(framework, board)
    audit.record("schools.export", framework, framework.title[:255], format="xlsx",
                 schools=len(board), activities=activities)
    db.session.commit()
    return exports.download(body, exports.file_name(framework, utcnow()))


# --- review ------------------------------------------------------------------------------

@admin_bp.route("/hang-cho")
def queue():
    return render_template("schools/admin/queue.html", activities=queries.review_queue(),
                           **_labels())


def _activity(activity_id: int) -> Activity:
    return db.get_or_404(Activity, activity_id)


def _activity_page(activity: Activity, status: int = 200, refusal: str | None = None,
                   **forms):
    version = str(activity.version)
    context = {"approve_form": ApproveForm(formdata=None, version=version),
               "return_form": ReturnForm(formdata=None, version=version)} | forms
    return render_template("schools/admin/activity.html", activity=activity,
                           refusal=refusal, **context, **_labels()), status


@admin_bp.route("/hoat-dong/<int:activity_id>")
def activity(activity_id: int):
    return _activity_page(_activity(activity_id))


def _review(activity: Activity, form, write, done: str, **forms):
    if not form.validate():
        return _activity_page(activity, 422, **forms)
    version = version_of(form.version)
    if version is not None and version != activity.version:
        return _activity_page(activity, 409, str(STALE))
    try:
        write(version)
    except operations.SchoolError as error:
        db.session.rollback()
        if error.field and getattr(form, error.field, None) is not None:
            attach_error(form, error)
            return _activity_page(activity, 422, **forms)
        return _activity_page(activity, 422, str(error))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("admin.schools.queue"), 303)


@admin_bp.route("/hoat-dong/<int:activity_id>/duyet", methods=["POST"])
def approve(activity_id: int):
    activity = _activity(activity_id)
    form = ApproveForm()
    return _review(activity, form, lambda v: operations.approve(activity, version=v),
                   _("Activity approved: %(title)s", title=activity.title))


@admin_bp.route("/hoat-dong/<int:activity_id>/tra-lai", methods=["POST"])
def send_back(activity_id: int):
    activity = _activity(activity_id)
    form = ReturnForm()
    return _review(activity, form,
                   lambda v: operations.return_activity(activity, form.comment.data or "",
                                                        version=v),
                   _("Activity returned to the school with your comment: %(title)s",
                     title=activity.title), return_form=form)


# --- one school: criteria and confirmations ----------------------------------------------

def _school(school_id: int) -> School:
    return db.get_or_404(School, school_id)


def _school_page(school: School, status: int = 200, refusal: str | None = None,
                 confirm_form: ConfirmForm | None = None):
    framework = queries.current_framework()
    context = {"school": school, "framework": framework, "refusal": refusal,
               "confirm_form": confirm_form, "button_form": ButtonForm()}
    if framework is not None:
        approved = queries.activities_of(school, framework, ("approved",))
        context |= {
            "progress": progress.of_school(framework, school),
            "confirmations": queries.confirmations_of(school, framework),
            "approved": {c.id: [a for a in approved if c in a.criteria]
                         for g in framework.groups for c in g.criteria},
            "activities": queries.activities_of(school, framework),
        }
    return render_template("schools/admin/school.html", **context, **_labels()), status


@admin_bp.route("/truong/<int:school_id>")
def school(school_id: int):
    return _school_page(_school(school_id))


@admin_bp.route("/truong/<int:school_id>/xac-nhan", methods=["POST"])
def confirm(school_id: int):
    school = _school(school_id)
    framework = _framework()
    form = ConfirmForm()
    if not form.validate():
        abort(400)
    criterion_id = _id(form.criterion.data)
    activity_ids = [_id(raw) for raw in form.activities.data or []]
    try:
        if criterion_id is None or None in activity_ids:
            raise operations.SchoolError(_("This criterion is not part of the year's "
                                           "framework."), "criteria")
        operations.confirm(school, framework, criterion_id, activity_ids,
                           form.note.data or "")
    except operations.SchoolError as error:
        db.session.rollback()
        attach_error(form, error)
        return _school_page(school, 422, str(error), confirm_form=form)
    name = progress.framework_criteria(framework)[criterion_id].name
    db.session.commit()
    flash(_("Criterion confirmed as met: %(name)s", name=name), "success")
    return redirect(url_for("admin.schools.school", school_id=school.id,
                            _anchor=f"criterion-{criterion_id}"), 303)


@admin_bp.route("/truong/<int:school_id>/bo-xac-nhan", methods=["POST"])
def unconfirm(school_id: int):
    school = _school(school_id)
    framework = _framework()
    if not ButtonForm().validate():
        abort(400)
    criterion_id = _id(request.form.get("criterion"))
    confirmation = queries.confirmations_of(school, framework).get(criterion_id)
    if confirmation is None:
        return _school_page(school, 409, _("This criterion is not confirmed (any more)."))
    name = confirmation.criterion.name
    operations.unconfirm(confirmation)
    db.session.commit()
    flash(_("Confirmation withdrawn: %(name)s", name=name), "success")
    return redirect(url_for("admin.schools.school", school_id=school.id,
                            _anchor=f"criterion-{criterion_id}"), 303)


# --- registry ----------------------------------------------------------------------------

def _registry_page(form: SchoolForm, school: School | None, status: int = 200):
    return render_template("schools/admin/school_form.html", form=form, school=school), status


def _school_choices(form: SchoolForm) -> None:
    form.hamlet.choices = hamlet_choices()
    known = {c.value for c in form.hamlet.choices}
    if form.hamlet.data and form.hamlet.data not in known:
        form.hamlet.choices.append(SelectChoice(form.hamlet.data, form.hamlet.data))


@admin_bp.route("/truong/moi", methods=["GET", "POST"])
def school_create():
    return _school_form(None)


@admin_bp.route("/truong/<int:school_id>/sua", methods=["GET", "POST"])
def school_edit(school_id: int):
    return _school_form(_school(school_id))


def _school_form(school: School | None):
    if request.method == "GET":
        data = {}
        if school is not None:
            p = school.profile
            data = {"name": school.name, "slug": school.slug, "level": school.level}
            if p is not None:
                data |= {"address": p.address, "hamlet": p.hamlet, "principal": p.principal,
                         "phone": p.phone, "email": p.email, "pupils": p.pupils}
        form = SchoolForm(data=data)
        _school_choices(form)
        return _registry_page(form, school)
    form = SchoolForm()
    form.hamlet.choices = hamlet_choices()
    if school is not None and school.profile is not None and school.profile.hamlet:
        if school.profile.hamlet not in {c.value for c in form.hamlet.choices}:
            form.hamlet.choices.append(SelectChoice(school.profile.hamlet,
                                                    school.profile.hamlet))
    if not form.validate():
        return _registry_page(form, school, 422)
    slug = slugify((form.slug.data or "").strip() or form.name.data.strip(), max_length=120,
                   word_boundary=True)
    try:
        saved = operations.save_school(
            school, name=form.name.data, slug=slug, level=form.level.data,
            address=form.address.data or "", hamlet=form.hamlet.data or "",
            principal=form.principal.data or "", phone=form.phone.data or "",
            email=form.email.data or "", pupils=form.pupils.data)
    except operations.SchoolError as error:
        db.session.rollback()
        attach_error(form, error)
        return _registry_page(form, school, 422)
    db.session.commit()
    flash(_("School saved: %(name)s", name=saved.name), "success")
    return redirect(url_for("admin.schools.school", school_id=saved.id), 303)


# --- framework (admins) ------------------------------------------------------------------

@admin_bp.route("/tieu-chi")
@role_required(ADMIN)
def framework():
    return render_template("schools/admin/framework.html", framework=_framework())


def _framework_initial(framework: Framework) -> dict:
    return {"version": str(framework.version), "title": framework.title,
            "achieved_pct": framework.achieved_pct, "exemplary_pct": framework.exemplary_pct,
            "groups": [{"id": str(g.id), "name": g.name} for g in framework.groups],
            "criteria": [{"id": str(c.id), "name": c.name, "evidence": c.evidence}
                         for g in framework.groups for c in g.criteria],
            "new_criteria": [{} for _n in range(NEW_ROWS)]}


def _framework_page(form: FrameworkForm, framework: Framework, status: int = 200):
    choices = [SelectChoice(str(g.id), g.name) for g in framework.groups]
    for row in form.new_criteria:
        row.form.group.choices = choices
    criteria = {str(c.id): c for g in framework.groups for c in g.criteria}
    groups = {str(g.id): g for g in framework.groups}
    return render_template("schools/admin/framework_form.html", form=form, framework=framework,
                           criteria=criteria, groups=groups, stale=status == 409), status


@admin_bp.route("/tieu-chi/sua", methods=["GET", "POST"])
@role_required(ADMIN)
def framework_edit():
    framework = _framework()
    if request.method == "GET":
        return _framework_page(FrameworkForm(data=_framework_initial(framework)), framework)
    form = FrameworkForm()
    if not form.validate():
        return _framework_page(form, framework, 422)
    version = version_of(form.version)
    stale = version is not None and version != framework.version
    try:
        groups, criteria, new = {}, {}, []
        for row in form.groups:
            group_id = _id(row.form.id.data)
            if group_id is None:
                raise operations.SchoolError(_("This group is not part of the year's "
                                               "framework."))
            groups[group_id] = row.form.name.data or ""
        for row in form.criteria:
            criterion_id = _id(row.form.id.data)
            if criterion_id is None:
                raise operations.SchoolError(_("This criterion is not part of the year's "
                                               "framework."), "criteria")
            criteria[criterion_id] = (row.form.name.data or "", row.form.evidence.data or "")
        for row in form.new_criteria:
            name = (row.form.name.data or "").strip()
            if name:
                new.append((_id(row.form.group.data), name, row.form.evidence.data or ""))
        operations.update_framework(
            framework, title=form.title.data, achieved_pct=form.achieved_pct.data,
            exemplary_pct=form.exemplary_pct.data, groups=groups, criteria=criteria,
            new_criteria=new, version=version)
    except operations.SchoolError as error:
        db.session.rollback()
        attach_error(form, error)
        return _framework_page(form, framework, 409 if stale else 422)
    db.session.commit()
    flash(_("Framework saved. The file in content/ no longer overwrites this year."), "success")
    return redirect(url_for("admin.schools.framework"), 303)

"""Staff pages of the content domain, under /quan-tri (guarded by the admin blueprint)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ..extensions import db
from ..web import htmx
from ..web.forms import attach_error, version_of
from ..web.inputs import int_arg
from ..web.markdown import render as render_markdown
from ..web.timeutil import local_to_utc, to_local, utcnow
from . import operations
from .forms import AltForm, CampaignForm, DocumentForm, MediaUploadForm, PostForm, PreviewForm
from .media import UploadError, discard_written, store_upload
from .models import POST_STATES, Campaign, Document, Media, Post

admin_bp = Blueprint("content", __name__)


def _actor():
    return current_user._get_current_object()


def _save(form, write, file_field: str = "cover"):
    """Validate, run `write()`, commit. Returns (saved object or None, HTTP status).

    A refusal is shown next to its field and takes everything back, files written for
    it included: nothing is half-written, and what was typed stays in the form."""
    if not form.validate():
        return None, 422
    try:
        saved = write()
    except (UploadError, operations.ContentWriteError) as error:
        db.session.rollback()
        discard_written()
        if isinstance(error, UploadError):
            field = getattr(form, file_field)
            field.errors = [*field.errors, str(error)]
        else:
            attach_error(form, error)
        return None, 409 if isinstance(error, operations.EditConflict) else 422
    db.session.commit()
    return saved, 200


def _upload_cover(form, current_id: int | None) -> int | None:
    """The cover after this save: a new upload, the old one, or none. UploadError if refused."""
    upload = form.cover.data
    if upload and getattr(upload, "filename", ""):
        media = store_upload(upload.stream, upload.filename, alt=form.cover_alt.data or "",
                             allowed=("image",), user_id=current_user.id)
        operations.record_upload(media, _actor())
        db.session.flush()
        return media.id
    if getattr(form, "remove_cover", None) is not None and form.remove_cover.data == "1":
        return None
    return current_id


# --- posts ----------------------------------------------------------------------------------

@admin_bp.route("/bai-viet/")
def posts():
    state = request.args.get("trang-thai", "")
    query = select(Post).order_by(Post.updated_at.desc())
    if state in POST_STATES:
        query = query.where(Post.state == state)
    page = int_arg("trang", 1)
    pagination = db.paginate(query, page=page, per_page=25, error_out=False)
    return htmx.render("content/admin/posts.html", pagination=pagination, state=state,
                       states=POST_STATES, now=utcnow())


def _campaign_choices(form) -> None:
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.starts_on.desc())).all()
    form.campaign.choices = [SelectChoice("", _("— none —"))] + [
        SelectChoice(str(c.id), c.title) for c in campaigns]


@admin_bp.route("/bai-viet/moi", methods=["GET", "POST"])
def post_create():
    return _post_form(None)


@admin_bp.route("/bai-viet/<int:post_id>", methods=["GET", "POST"])
def post_edit(post_id: int):
    post = db.get_or_404(Post, post_id)
    return _post_form(post)


def _post_form(post: Post | None):
    form = PostForm(obj=post if request.method == "GET" else None)
    _campaign_choices(form)
    if request.method == "GET" and post is not None:
        form.campaign.data = str(post.campaign_id or "")
        form.version.data = str(post.version)
        if post.publish_at:
            form.publish_at.data = to_local(post.publish_at).replace(tzinfo=None)
    status = 200
    if request.method == "POST":
        def write():
            cover_id = _upload_cover(form, post.cover_id if post else None)
            raw = form.campaign.data or ""
            campaign_id = int(raw) if raw.isdigit() else None
            if (raw and campaign_id is None) or (campaign_id and db.session.get(Campaign, campaign_id) is None):
                raise operations.ContentWriteError(_("Choose a campaign from the list."), "campaign")
            publish_at = local_to_utc(form.publish_at.data) if form.publish_at.data else None
            return operations.save_post(
                post, action=request.form.get("action", "draft"), publish_at=publish_at,
                version=version_of(form.version),
                data={"title": form.title.data.strip(), "slug": form.slug.data or "",
                      "summary": (form.summary.data or "").strip(), "body": form.body.data or "",
                      "category": form.category.data, "campaign_id": campaign_id,
                      "cover_id": cover_id},
                actor=_actor())

        saved, status = _save(form, write)
        if saved is not None:
            flash(_("Post saved: %(title)s", title=saved.title), "success")
            return redirect(url_for("admin.content.post_edit", post_id=saved.id), 303)
    return render_template("content/admin/post_form.html", form=form, post=post, now=utcnow(),
                           preview=render_markdown(form.body.data or "")), status


@admin_bp.route("/bai-viet/xem-truoc", methods=["POST"])
def post_preview():
    """The live preview: the same Markdown pipeline as the public page."""
    form = PreviewForm()
    if not form.validate():
        abort(400)
    return htmx.render("content/admin/_preview.html", "content/admin/_preview.html",
                       preview=render_markdown(form.body.data or ""))


# --- campaigns ------------------------------------------------------------------------------

@admin_bp.route("/chien-dich/")
def campaigns():
    items = db.session.scalars(select(Campaign).order_by(Campaign.starts_on.desc())).all()
    return htmx.render("content/admin/campaigns.html", campaigns=items)


@admin_bp.route("/chien-dich/moi", methods=["GET", "POST"])
def campaign_create():
    return _campaign_form(None)


@admin_bp.route("/chien-dich/<int:campaign_id>", methods=["GET", "POST"])
def campaign_edit(campaign_id: int):
    campaign = db.get_or_404(Campaign, campaign_id)
    return _campaign_form(campaign)


def _campaign_form(campaign: Campaign | None):
    form = CampaignForm(obj=campaign if request.method == "GET" else None)
    if request.method == "GET" and campaign is not None:
        form.version.data = str(campaign.version)
    status = 200
    if request.method == "POST":
        def write():
            cover_id = _upload_cover(form, campaign.cover_id if campaign else None)
            return operations.save_campaign(
                campaign, version=version_of(form.version),
                data={"title": form.title.data.strip(), "slug": form.slug.data or "",
                      "summary": (form.summary.data or "").strip(),
                      "goal": (form.goal.data or "").strip(),
                      "description": form.description.data or "",
                      "starts_on": form.starts_on.data, "ends_on": form.ends_on.data,
                      "state": form.state.data, "cover_id": cover_id},
                actor=_actor())

        saved, status = _save(form, write)
        if saved is not None:
            flash(_("Campaign saved: %(title)s", title=saved.title), "success")
            return redirect(url_for("admin.content.campaigns"), 303)
    return render_template("content/admin/campaign_form.html", form=form, campaign=campaign), status


# --- documents ------------------------------------------------------------------------------

@admin_bp.route("/van-ban/")
def documents():
    items = db.session.scalars(select(Document).order_by(Document.archived,
                                                         Document.issued_on.desc().nulls_first())).all()
    return htmx.render("content/admin/documents.html", documents=items)


@admin_bp.route("/van-ban/moi", methods=["GET", "POST"])
def document_create():
    return _document_form(None)


@admin_bp.route("/van-ban/<int:document_id>", methods=["GET", "POST"])
def document_edit(document_id: int):
    document = db.get_or_404(Document, document_id)
    return _document_form(document)


def _document_form(document: Document | None):
    form = DocumentForm(obj=document if request.method == "GET" else None)
    if request.method == "GET" and document is not None:
        form.version.data = str(document.version)
    status = 200
    if request.method == "POST":
        def write():
            file_id = document.file_id if document else None
            upload = form.file.data
            if upload and getattr(upload, "filename", ""):
                media = store_upload(upload.stream, upload.filename, allowed=("pdf",),
                                     alt=form.title.data, user_id=current_user.id)
                operations.record_upload(media, _actor())
                db.session.flush()
                file_id = media.id
            version = version_of(form.version)
            return operations.save_document(document, actor=_actor(), version=version, data={
                "doc_type": form.doc_type.data.strip(), "number": (form.number.data or "").strip(),
                "title": form.title.data.strip(), "issuer": (form.issuer.data or "").strip(),
                "issued_on": form.issued_on.data, "effective_on": form.effective_on.data,
                "summary": (form.summary.data or "").strip(), "file_id": file_id})

        saved, status = _save(form, write, file_field="file")
        if saved is not None:
            flash(_("Document saved: %(title)s", title=saved.title), "success")
            return redirect(url_for("admin.content.documents"), 303)
    return render_template("content/admin/document_form.html", form=form,
                           document=document), status


# --- media library --------------------------------------------------------------------------

@admin_bp.route("/thu-vien/", methods=["GET", "POST"])
def media_library():
    form = MediaUploadForm()
    status = 200
    if request.method == "POST":
        def write():
            upload = form.file.data
            media = store_upload(upload.stream, upload.filename or "", alt=form.alt.data or "",
                                 user_id=current_user.id)
            return operations.record_upload(media, _actor())

        saved, status = _save(form, write, file_field="file")
        if saved is not None:
            flash(_("File uploaded."), "success")
            return redirect(url_for("admin.content.media_library"), 303)
    items = db.session.scalars(select(Media).order_by(Media.created_at.desc()).limit(200)).all()
    return render_template("content/admin/media.html", form=form, items=items), status


@admin_bp.route("/thu-vien/<int:media_id>", methods=["POST"])
def media_alt(media_id: int):
    media = db.get_or_404(Media, media_id)
    form = AltForm()
    if form.validate():
        operations.set_alt(media, form.alt.data, actor=_actor())
        db.session.commit()
        flash(_("Description saved."), "success")
    else:
        flash(_("Describe the picture in a few words (alternative text)."), "error")
    return redirect(url_for("admin.content.media_library"), 303)

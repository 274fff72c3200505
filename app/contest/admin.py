"""/quan-tri/cuoc-thi: contest set-up, screening, judges, ranking and results (guarded by the
staff shell it is nested in)."""
from __future__ import annotations

from flask import Blueprint

admin_bp = Blueprint("contest", __name__, url_prefix="/cuoc-thi")

"""/cuoc-thi: the public pages of the contest."""
from __future__ import annotations

from . import bp  # noqa: F401

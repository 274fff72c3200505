"""Cross-cutting plumbing shared by every domain (STYLE §1)."""

"""Annotation review: what changed between versions (diff) and how far annotators agree."""

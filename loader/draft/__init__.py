"""Draft annotations: a raw article in, a reviewable annotation file out.

The pipeline (see :mod:`loader.draft.build`) finds statements, meetings and
sanctions packages with spaCy rules over the gazetteer's names, resolves dates
through :mod:`loader.dates.resolve`, and writes files that ``newsgraph validate``
accepts as they are. :mod:`loader.draft.score` compares drafts with hand
annotations.
"""

from loader.draft.build import Draft, DraftOptions, draft_text

__all__ = ["Draft", "DraftOptions", "draft_text"]

"""Annotations from and to the tools analysts annotate in: Web Annotation, brat, Label Studio.

Every importer turns its input into the same :class:`~loader.ingest.model.ArticleDoc`
data classes the YAML reader builds, and :mod:`loader.importers.write` writes
them as ordinary annotation files: there is no second path into the graph.
"""

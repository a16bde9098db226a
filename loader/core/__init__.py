"""The base every other sub-package stands on: the error hierarchy, the vocabulary
(namespaces and IRIs), the RDF term model and the one table of formats and prefixes.
Nothing here imports from another part of ``loader``.
"""

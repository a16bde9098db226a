"""One checked article → the triples of its named graph. :mod:`loader.rdf.mapping`
runs the fact mappers (meetings, statements, sanctions) over an
:class:`~loader.rdf.mapper.ArticleMapper`; :mod:`loader.rdf.compile` is the
one-pass entry that reports every problem of an article at once.
"""

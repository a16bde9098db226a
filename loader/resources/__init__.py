"""Files the package reads at run time: the JSON-LD contexts, the brat and Label Studio
configurations, and the SPARQL the loader sends for itself (``sparql/``). The ontology
and the canned queries are mapped in as ``resources.ontology`` and ``resources.queries``.
"""

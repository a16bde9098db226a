"""The ontology and what checks against it: loading ``ontology/``, SHACL shapes,
the HermiT reasoner through owlready2, and the HTML ontology documentation.
"""

"""newsgraph: annotated news about diplomacy as an RDF knowledge graph."""

__version__ = "0.1.0"

"""Reading what analysts write: YAML annotation files with line numbers, the
annotation model (pydantic classes and JSON Schema), the gazetteer, evidence
anchoring in the article text, corpus discovery and the starter corpus.
"""

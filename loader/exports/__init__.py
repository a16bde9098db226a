"""Everything that leaves the store as a file: TriG, N-Quads, Turtle, JSON-LD and
the OWL 2 DL file Protégé opens.
"""

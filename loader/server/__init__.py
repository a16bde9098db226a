"""``newsgraph serve``: a SPARQL endpoint with YASGUI over any store, and the
proxy that forwards queries to a remote server.
"""

"""Where the graph lives: the :class:`~loader.store.base.Store` interface, the
embedded Oxigraph store, remote SPARQL servers (Oxigraph server, Virtuoso,
Fuseki, any SPARQL 1.1 endpoint) with their per-server profiles, the loader's
own SPARQL requests and the catalog of loaded articles.
"""

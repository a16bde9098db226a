# Forget the catalog entry of one article graph (repeated per graph, joined by ";").
DELETE WHERE { GRAPH <https://w3id.org/newsgraph/catalog> { $graph ?p ?o } }

# Forget the catalog entries of some article graphs (at most 50 per operation; a
# batch repeats it, joined by ";"). One operation for many graphs: Virtuoso
# compiles each operation to SQL, and one per graph took seconds per batch.
# VALUES after the graph pattern: Virtuoso matches nothing when it comes first.
DELETE { GRAPH <https://w3id.org/newsgraph/catalog> { ?g ?p ?o } }
WHERE {
  GRAPH <https://w3id.org/newsgraph/catalog> { ?g ?p ?o }
  VALUES ?g { $graphs }
}

# Remove, inside one graph, everything said about some subjects and about the
# roles they hold; the new triples are inserted after this.
# Roles go first: once a subject's triples are gone its roles cannot be reached.
# Each operation has its VALUES at the top of its GRAPH group: Virtuoso finds
# nothing for a VALUES block nested inside a UNION.
DELETE { GRAPH $graph { ?x ?p ?o } }
WHERE { GRAPH $graph {
  VALUES ?s { $subjects }
  ?s <https://w3id.org/newsgraph/ontology#holdsRole> ?x .
  ?x ?p ?o
} } ;
DELETE { GRAPH $graph { ?x ?p ?o } }
WHERE { GRAPH $graph {
  VALUES ?x { $subjects }
  ?x ?p ?o
} }

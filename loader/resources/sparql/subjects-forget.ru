# Remove, inside one graph, everything said about some subjects and about the
# nodes they link to there (a fact's date interval, participations, conflicts);
# new triples are inserted after this. Linked nodes go first: once a subject's
# triples are gone its nodes cannot be reached. VALUES sits at the top of the
# GRAPH group, where Virtuoso reads it.
DELETE { GRAPH $graph { ?n ?q ?v } }
WHERE { GRAPH $graph {
  VALUES ?x { $subjects }
  ?x ?p ?n .
  ?n ?q ?v
} } ;
DELETE { GRAPH $graph { ?x ?p ?o } }
WHERE { GRAPH $graph {
  VALUES ?x { $subjects }
  ?x ?p ?o
} }

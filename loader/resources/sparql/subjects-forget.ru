# Remove, inside one graph, everything said about some subjects and about the
# nodes named under a subject's IRI that it links to there (a fact's date
# interval, participations, conflicts; not another fact it links to);
# new triples are inserted after this. Linked nodes go first: once a subject's
# triples are gone its nodes cannot be reached. VALUES sits at the top of the
# GRAPH group, where Virtuoso reads it.
DELETE { GRAPH $graph { ?n ?q ?v } }
WHERE { GRAPH $graph {
  VALUES ?x { $subjects }
  ?x ?p ?n .
  ?n ?q ?v
  FILTER(STRSTARTS(STR(?n), CONCAT(STR(?x), "/")))
} } ;
DELETE { GRAPH $graph { ?x ?p ?o } }
WHERE { GRAPH $graph {
  VALUES ?x { $subjects }
  ?x ?p ?o
} }

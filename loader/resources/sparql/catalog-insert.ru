# Write catalog entries (source files, load times, defining gazetteers) as N-Triples.
INSERT DATA { GRAPH <https://w3id.org/newsgraph/catalog> {
$triples
} }

# Forget only the recorded source file of one article graph (an article that moved).
DELETE WHERE {
  GRAPH <https://w3id.org/newsgraph/catalog> {
    $graph <https://w3id.org/newsgraph/catalog#sourceFile> ?o
  }
}

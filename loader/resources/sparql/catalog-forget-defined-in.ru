# Forget which gazetteer file defined these actors (a gazetteer being loaded defines them now).
# VALUES after the graph pattern: Virtuoso matches nothing when it comes first.
DELETE { GRAPH <https://w3id.org/newsgraph/catalog> { ?a <https://w3id.org/newsgraph/catalog#definedIn> ?o } }
WHERE {
  GRAPH <https://w3id.org/newsgraph/catalog> { ?a <https://w3id.org/newsgraph/catalog#definedIn> ?o }
  VALUES ?a { $actors }
}

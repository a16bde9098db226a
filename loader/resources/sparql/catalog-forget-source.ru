# Forget only the recorded source file of some article graphs (articles that
# moved; at most 50 per operation, as in catalog-forget.ru).
DELETE { GRAPH <https://w3id.org/newsgraph/catalog> { ?g <https://w3id.org/newsgraph/catalog#sourceFile> ?o } }
WHERE {
  GRAPH <https://w3id.org/newsgraph/catalog> { ?g <https://w3id.org/newsgraph/catalog#sourceFile> ?o }
  VALUES ?g { $graphs }
}

"""The read-only check of ``newsgraph serve`` over a remote store, request by request (offline).

The end-to-end tests, through real servers, are in tests/test_serve_report.py.
"""

from __future__ import annotations

import urllib.parse

import pytest

from loader.core.errors import UsageError
from loader.server.forward import NotServedError, ReadOnlyError, query_request

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


def ask(method: str, path: str = "/query", *, query: str = "", body: str = "",
        kind: str = "") -> list[tuple[str, str]]:  # fmt: skip
    return query_request(method=method, path=path, query=query, content_type=kind,
                         body=body.encode("utf-8"))  # fmt: skip


def test_the_three_ways_of_sending_a_query() -> None:
    form = "application/x-www-form-urlencoded"
    by_get = ask("GET", query=urllib.parse.urlencode({"query": SELECT, "default-graph-uri": "u:g"}))
    by_form = ask("POST", body=urllib.parse.urlencode({"query": SELECT}), kind=form + "; x=y")
    by_body = ask("POST", body=SELECT, kind="application/sparql-query", query="named-graph-uri=u:n")
    assert by_get == [("query", SELECT), ("default-graph-uri", "u:g")]
    assert by_form == [("query", SELECT)]
    assert by_body == [("named-graph-uri", "u:n"), ("query", SELECT)]
    # other parameters (a browser's cache buster) are not passed on
    assert ask("GET", "/sparql", query=urllib.parse.urlencode({"query": SELECT, "_": "1"})) == [
        ("query", SELECT)
    ]


@pytest.mark.parametrize(
    ("path", "query", "body", "kind"),
    [
        ("/update", "", "update=DROP+ALL", "application/x-www-form-urlencoded"),
        ("/store", "default", "<a:b> <a:b> <a:b> .", "application/n-triples"),
        ("/query", "", "update=DROP+ALL", "application/x-www-form-urlencoded"),
        ("/query", "", "DROP ALL", "application/sparql-update"),
        ("/query", urllib.parse.urlencode({"query": "DROP ALL"}), "", ""),
        ("/query", urllib.parse.urlencode({"query": "PREFIX x: <u:x>\nINSERT DATA { x:a x:b x:c }"}),
         "", ""),
        ("/query", urllib.parse.urlencode({"query": SELECT + " ;\nCLEAR ALL"}), "", ""),
        ("/query", urllib.parse.urlencode({"query": "WITH <u:g> DELETE { ?s ?p ?o } WHERE {}"}),
         "", ""),
    ],
)
def test_updates_are_refused(path: str, query: str, body: str, kind: str) -> None:
    method = "POST" if body else "GET"
    with pytest.raises(ReadOnlyError) as refused:
        ask(method, path, query=query, body=body, kind=kind)
    assert "read-only" in refused.value.message and "newsgraph load" in refused.value.message


def test_update_words_in_comments_strings_and_iris_are_not_updates() -> None:
    query = '# DROP ALL first?\nSELECT ?s WHERE { ?s <u:delete> "CLEAR ALL" ; <u:x> ?o }'
    assert ask("GET", query=urllib.parse.urlencode({"query": query})) == [("query", query)]


def test_what_is_not_a_query_request() -> None:
    with pytest.raises(NotServedError, match="the SPARQL endpoint at /query"):
        ask("GET", "/elsewhere")
    for query in ("", "query=" + urllib.parse.quote(SELECT) + "&query=ASK%7B%7D", "query=hello"):
        with pytest.raises(UsageError) as refused:
            ask("GET", query=query)
        assert not isinstance(refused.value, ReadOnlyError)
    with pytest.raises(UsageError, match="is not a SPARQL query"):
        ask("PUT", body=SELECT, kind="text/plain")

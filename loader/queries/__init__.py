"""The canned query catalog (``queries/*.rq``), parameter binding, running
queries, and turning results into rows, tables, CSV and JSON; store statistics.
"""

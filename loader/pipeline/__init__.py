"""Loading a corpus end to end: checking articles in worker processes, writing
each article all or nothing, the digests that make reloads idempotent, listing
and removing articles, and the report of what a load did.
"""

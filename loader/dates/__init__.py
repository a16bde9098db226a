"""Dates as news writes them ("last Friday", "in August", "a day after the talks")
resolved against the publication date into honest intervals with a precision.
:mod:`loader.dates.resolve` is the entry point; the other modules each read one
family of phrases; :mod:`loader.dates.checks` warns about implausible dates.
"""

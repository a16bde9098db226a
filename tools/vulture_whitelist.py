"""Names vulture reports as unused that a library or a protocol reads (never run).

`make lint` runs vulture over loader/, tests/, benchmarks/ and tools/ with this
file; a name belongs here only when something outside our code uses it.
"""

_.obj  # click's context object, read by click.make_pass_decorator
signum, frame  # the signature of a signal handler
_.no_wrap, _.min_width, _.overflow  # rich Column settings, read by rich when it renders
model_config  # pydantic reads it
protocol_version, daemon_threads, _.address_family  # http.server / socketserver settings
_.handle_one_request, _.log_message, _.do_GET, _.do_POST  # http.server request hooks
_.close_connection  # http.server reads it after each request
_.queryType  # SPARQLWrapper reads it when it sends the request
_.queryString  # SPARQLWrapper sends it (set without its type guess)
pytest_plugins, pytestmark  # pytest reads them
declarations, data_properties  # OwlApiReport fields, filled from the checker's JSON
data_dir  # Server field: where a test server keeps its files (for a reader of a failure)
__getattr__  # module attribute hook (PEP 562): the public API of loader/__init__.py
_.redirect_request  # urllib's HTTPRedirectHandler hook

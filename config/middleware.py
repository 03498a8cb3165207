"""Small middleware of our own."""


def head_without_body(get_response):
    """A HEAD request gets the headers of the GET, and no body (HTTP says so, and gunicorn warns
    when a body is sent): the length stays what the body's would be."""

    def middleware(request):
        response = get_response(request)
        if request.method == "HEAD" and not response.streaming:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response

    return middleware


def health_probes(get_response):
    """Answer the load balancer's probes before anything looks at the Host header or the
    scheme: balancers probe by IP address over plain HTTP, and would otherwise get a 400 (host
    not allowed) or a 301 (to HTTPS). Only these two paths skip the checks; they show no page
    and take no input."""
    from config.views import healthz, worker_healthz

    probes = {"/healthz": healthz, "/healthz/worker": worker_healthz}

    def middleware(request):
        probe = probes.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return get_response(request)

    return middleware

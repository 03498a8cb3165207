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

"""Registration under load: many people submit the form at once, each from their own address.

Visits the form once for a CSRF cookie and token (Django accepts one pair for many posts) and the
signed time the form was made, waits out the form's minimum fill time (FORM_MIN_SECONDS), then
sends COUNT registrations over CONNECTIONS concurrent connections, each with its own email
address and its own client address in X-Forwarded-For (as the reverse proxy would add it), the
Origin an https page would send, and X-Forwarded-Proto: https. Prints the responses by status and
the throughput; exits 1 on any answer but the redirect to "check your email". benchmarks/run
counts the database afterwards.

Usage: python benchmarks/register_load.py URL [--count 200] [--connections 16]
"""

import argparse
import collections
import concurrent.futures
import http.client
import ipaddress
import re
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

FIRST_CLIENT = ipaddress.ip_address("10.20.0.1")
FILL_SECONDS = 2.5  # more than the site's FORM_MIN_SECONDS (2 unless set)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "url", help="the registration form, e.g. http://127.0.0.1:8124/seminars/x/register/"
    )
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    url = urlsplit(args.url)

    form = request(url, "GET", client=FIRST_CLIENT)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)[1].decode()
    cookie = SimpleCookie(form.getheader("Set-Cookie"))["csrftoken"].value
    form_started = re.search(rb'name="form_started" value="([^"]+)"', form.body)[1].decode()
    time.sleep(FILL_SECONDS)

    def submit(n):
        fields = {
            "csrfmiddlewaretoken": token,
            "name": f"Load Test {n}",
            "email": f"load-test-{n}@example.org",
            "organisation": "",
            "group": "academic",
            "access_requirements": "",
            "dietary_requirements": "",
            "privacy_agreed": "on",
            "website": "",
            "form_started": form_started,
        }
        try:
            response = request(
                url,
                "POST",
                client=FIRST_CLIENT + n,
                body=urlencode(fields),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie}",
                    "Origin": f"https://{url.netloc}",
                },
            )
        except OSError as error:
            return f"connection error: {error}"
        if response.status == 302 and "check-your-email" in (response.getheader("Location") or ""):
            return "302 to check-your-email"
        return response.status

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.connections) as pool:
        results = collections.Counter(pool.map(submit, range(1, args.count + 1)))
    elapsed = time.perf_counter() - started

    statuses = ", ".join(
        f"{count} answered {status}" for status, count in sorted(results.items(), key=str)
    )
    print(
        f"{args.count} registrations at {args.connections} connections in {elapsed:.2f} s "
        f"({args.count / elapsed:.1f} a second): {statuses}"
    )
    # Anything but the redirect to "check your email" (a 5xx, a 429, a connection error) fails.
    return 0 if set(results) == {"302 to check-your-email"} else 1


def request(url, method, *, client, body=None, headers=None):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request(
        method,
        url.path,
        body=body,
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": str(client), **(headers or {})},
    )
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


if __name__ == "__main__":
    sys.exit(main())

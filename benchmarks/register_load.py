"""Registration under load: many people submit the form at once, each from their own address.

Visits the form once for a CSRF cookie and token (Django accepts one pair for many posts) and the
signed time the form was made, waits out the form's minimum fill time (FORM_MIN_SECONDS), then
sends COUNT registrations over CONNECTIONS concurrent connections, each with its own email
address and its own client address in X-Forwarded-For (as the reverse proxy would add it), the
Origin an https page would send, and X-Forwarded-Proto: https. Prints the responses by status and
the throughput; exits 1 on any answer but the redirect to "check your email". benchmarks/run
counts the database afterwards.

With --rate, the registrations arrive at that many a second instead of all at once, for --seconds
(the rush: benchmarks/run reads the seminar's page meanwhile); --label names their emails and
--first-client their first address, so that runs against one seminar do not collide.

Usage: python benchmarks/register_load.py URL [--count 200] [--connections 16]
       python benchmarks/register_load.py URL --rate 10 --seconds 12 --label rush
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
    parser.add_argument("--rate", type=float, help="registrations a second, paced")
    parser.add_argument("--seconds", type=float, default=10, help="how long, with --rate")
    parser.add_argument("--label", default="load-test", help="their emails begin with this")
    parser.add_argument("--first-client", type=ipaddress.ip_address, default=FIRST_CLIENT)
    args = parser.parse_args()
    url = urlsplit(args.url)
    if args.rate:
        args.count = round(args.rate * args.seconds)

    form = request(url, "GET", client=args.first_client)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)[1].decode()
    cookie = SimpleCookie(form.getheader("Set-Cookie"))["csrftoken"].value
    form_started = re.search(rb'name="form_started" value="([^"]+)"', form.body)[1].decode()
    time.sleep(FILL_SECONDS)
    latencies = []

    def submit(n):
        if args.rate:  # the n-th arrives (n - 1) / rate seconds after the first
            time.sleep(max(0, started + (n - 1) / args.rate - time.perf_counter()))
        fields = {
            "csrfmiddlewaretoken": token,
            "name": f"{args.label.replace('-', ' ').title()} {n}",
            "email": f"{args.label}-{n}@example.org",
            "organisation": "",
            "group": "academic",
            "access_requirements": "",
            "dietary_requirements": "",
            "privacy_agreed": "on",
            "website": "",
            "form_started": form_started,
        }
        sent = time.perf_counter()
        try:
            response = request(
                url,
                "POST",
                client=args.first_client + n,
                body=urlencode(fields),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie}",
                    "Origin": f"https://{url.netloc}",
                },
            )
        except OSError as error:
            return f"connection error: {error}"
        latencies.append(time.perf_counter() - sent)
        if response.status == 302 and "check-your-email" in (response.getheader("Location") or ""):
            return "302 to check-your-email"
        return response.status

    started = time.perf_counter()
    # Paced, each registration has a connection of its own: people arrive on time whether or
    # not the site has answered those before them.
    connections = args.count if args.rate else args.connections
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        results = collections.Counter(pool.map(submit, range(1, args.count + 1)))
    elapsed = time.perf_counter() - started

    statuses = ", ".join(
        f"{count} answered {status}" for status, count in sorted(results.items(), key=str)
    )
    latencies.sort()
    pace = f"paced at {args.rate:g} a second" if args.rate else f"at {args.connections} connections"
    print(
        f"{args.count} registrations {pace} in {elapsed:.2f} s "
        f"({args.count / elapsed:.1f} a second): {statuses}"
        + (
            f"; p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
            f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms"
            if latencies
            else ""
        )
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

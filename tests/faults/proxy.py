"""A TCP proxy the fault tests put between the site and PostgreSQL (or Redis), to cut every
connection or to pause all traffic, without touching the shared servers themselves."""

import contextlib
import errno
import random
import socket
import threading


def free_port():
    """A free port below 32768: the ephemeral range above it may hand the port to someone else."""
    for _ in range(100):
        port = random.randint(20000, 32000)  # noqa: S311 - a port, not a secret
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    continue
                raise
            return port
    raise RuntimeError("no free port below 32768")


class Proxy:
    """Forwards 127.0.0.1:port to 127.0.0.1:target_port.

    cut() closes every connection at once, as a database restart or a failover does. pause()
    stops all traffic, and holds new connections unanswered, as a hung server does; refuse()
    cuts every connection and closes each new one at once, as a stopped server does; resume()
    lets it flow again. `cuts` counts the live connections cut and `refused` the connections
    turned away: the controls that the fault hit something.
    """

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.server = socket.create_server(("127.0.0.1", self.port))
        self.flowing = threading.Event()
        self.flowing.set()
        self.lock = threading.Lock()
        self.sockets = set()
        self.cuts = 0
        self.refusing = False
        self.refused = 0
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client):
        self.flowing.wait()
        if self.refusing:
            self.refused += 1
            client.close()
            return
        try:
            upstream = socket.create_connection(self.target)
        except OSError:
            client.close()
            return
        with self.lock:
            self.sockets |= {client, upstream}
        for source, destination in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, destination), daemon=True).start()

    def _pump(self, source, destination):
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                destination.sendall(data)
        except OSError:
            pass
        self._close(source, destination)

    def _close(self, *sockets):
        with self.lock:
            for sock in sockets:
                if sock in self.sockets:
                    self.sockets.discard(sock)
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                    sock.close()

    def cut(self):
        with self.lock:
            live = list(self.sockets)
        self.cuts += len(live) // 2
        self._close(*live)

    def pause(self):
        self.flowing.clear()

    def refuse(self):
        self.refusing = True
        self.cut()

    def resume(self):
        self.refusing = False
        self.flowing.set()

    def close(self):
        self.closed = True
        self.resume()
        self.cut()
        self.server.close()

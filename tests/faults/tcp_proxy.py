"""A TCP proxy in a thread: put it between the portal and PostgreSQL, then pull the plug.

`stop()` closes the listening socket and every connection going through it, as a database
that went away would (the portal's persistent connections break, new ones are refused);
`start()` listens again on the same port, as a database that came back.
"""

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, listen_port, target_host, target_port, listen_host="127.0.0.1"):
        self.listen = (listen_host, listen_port)
        self.target = (target_host, target_port)
        self._lock = threading.Lock()
        self._sockets = set()
        self._listener = None
        self._accepting = None
        self._stopped = threading.Event()

    @property
    def port(self):
        return self.listen[1]

    @property
    def running(self):
        return self._listener is not None

    def start(self):
        if self.running:
            return self
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(self.listen)
        listener.listen(64)
        listener.settimeout(0.05)
        self._stopped = threading.Event()
        self._listener = listener
        self._accepting = threading.Thread(
            target=self._accept_loop, args=(listener, self._stopped), daemon=True
        )
        self._accepting.start()
        return self

    def stop(self):
        """Refuse new connections and cut every open one."""
        if not self.running:
            return
        self._stopped.set()
        self._accepting.join(timeout=5)
        self._listener.close()
        self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    def open_connections(self):
        with self._lock:
            return len(self._sockets) // 2

    def _accept_loop(self, listener, stopped):
        while not stopped.is_set():
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(sink)
            _close(source)
            _close(sink)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def _close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()

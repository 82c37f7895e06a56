"""A TCP proxy on 127.0.0.1 that can black-hole traffic like dead Wi-Fi.

It forwards both ways between its own port and a target port. `stop_forwarding()` keeps
every socket open (new ones are accepted too) but passes no byte on; `resume()` lets the
held bytes through, as TCP would deliver them once the path is back. The event loop runs
in a thread of its own, so synchronous (Selenium) tests can use it.
"""

import asyncio
import socket
import threading


class BlackHole:
    def __init__(self, target_port, host="127.0.0.1"):
        self.target = (host, target_port)
        self.host = host
        self.loop = asyncio.new_event_loop()
        self.flowing = None          # asyncio.Event, set while bytes are forwarded
        self.server = None
        self.writers = set()
        self.port = None
        self.thread = threading.Thread(target=self.loop.run_forever, name="blackhole", daemon=True)

    # MARK: control, from the test's thread

    def start(self):
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result(10)
        return self

    def stop_forwarding(self):
        self.loop.call_soon_threadsafe(self.flowing.clear)

    def resume(self):
        self.loop.call_soon_threadsafe(self.flowing.set)

    def close(self):
        async def shut():
            self.server.close()
            for writer in list(self.writers):
                writer.close()
        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    # MARK: inside the loop

    async def _listen(self):
        self.flowing = asyncio.Event()
        self.flowing.set()
        listener = socket.socket()
        listener.bind((self.host, 0))
        self.port = listener.getsockname()[1]
        self.server = await asyncio.start_server(self._connection, sock=listener)

    async def _connection(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        self.writers.update((client_writer, server_writer))
        await asyncio.gather(self._pump(client_reader, server_writer), self._pump(server_reader, client_writer),
                             return_exceptions=True)
        self.writers.difference_update((client_writer, server_writer))

    async def _pump(self, reader, writer):
        try:
            while True:
                data = await reader.read(65536)
                # Held, not dropped, while black-holed; an end of stream waits as well.
                await self.flowing.wait()
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

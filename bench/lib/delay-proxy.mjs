// A TCP proxy that holds every chunk for `oneWayMs` in each direction, order
// kept: a link with a real round trip, which the emulator's per-call latency is
// not (it delays each answer once, so HTTP/2 flow control never waits on it).
import net from 'node:net';

/** Listens on 127.0.0.1 (a free port); resolves to { port, close() }. */
export function startDelayProxy(targetPort, oneWayMs) {
  const sockets = new Set();
  const forward = (from, to) => {
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), oneWayMs));
    from.on('end', () => setTimeout(() => to.end(), oneWayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), oneWayMs));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

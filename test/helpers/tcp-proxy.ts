// A TCP forwarder standing between the app and Neo4j, to play the database's faults: not there yet
// (closed until open()), cut (every connection dropped, new ones refused), hung (connections accepted,
// nothing forwarded either way, as when the process is SIGSTOPped) and back.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Starts (or resumes) listening and forwarding. */
  open(): Promise<void>;
  /** Drops every connection and stops listening: Neo4j gone. */
  close(): Promise<void>;
  /** Keeps connections open and accepts new ones, but forwards nothing: Neo4j hung. */
  pause(): void;
  /** Forwards again, including what was held back while paused: Neo4j continues. */
  resume(): void;
}

/** Reserves a free port (closed until open()) that forwards to target once opened. */
export async function reserveProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let paused = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      // A hung server reads nothing and writes nothing; buffered bytes flow once resumed.
      if (paused) socket.pause();
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
  return {
    port,
    open: () =>
      new Promise((resolve, reject) => {
        paused = false;
        if (server.listening) {
          resolve();
          return;
        }
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
    pause: () => {
      paused = true;
      for (const socket of sockets) socket.pause();
    },
    resume: () => {
      paused = false;
      for (const socket of sockets) socket.resume();
    },
  };
}

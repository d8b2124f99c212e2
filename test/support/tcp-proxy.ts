import { createServer, type Socket, connect as tcpConnect } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections made through the proxy so far. */
  readonly accepted: number;
  /** Cuts every open connection at once (both sides), like a server restart or a dropped network. */
  dropAll(): void;
  /** While refusing, new connections are closed straight away (the server looks down). */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 in front of `targetPort`, so a test can kill live connections. */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  let accepted = 0;
  const server = createServer((inbound) => {
    if (refusing) {
      inbound.destroy();
      return;
    }
    accepted++;
    const outbound = tcpConnect(targetPort, targetHost);
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        open.delete(s);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    get accepted() {
      return accepted;
    },
    dropAll() {
      for (const s of open) s.destroy();
      open.clear();
    },
    refuse(on) {
      refusing = on;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

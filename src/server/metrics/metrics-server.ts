import http from 'node:http';
import { checkMetricsAccess, type MetricsAccessOptions } from './access.js';
import type { Metrics } from './metrics.js';

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A process's own /metrics on 127.0.0.1:METRICS_PORT (D74): how each `listonosz worker` shows its counters, and how
 * the web shows its own when a reverse proxy fronts the main port. Bound to loopback only; the token rule is the
 * same as on the main port. Nothing else is served.
 */
export function startMetricsServer(
  metrics: Metrics,
  port: number,
  access: MetricsAccessOptions,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    // A proxy on this machine could forward here too: the same checks as the main port (TRUST_PROXY does not apply).
    const verdict = checkMetricsAccess(
      { headers: req.headers, remoteAddress: req.socket.remoteAddress },
      { ...access, trustProxy: false },
    );
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${verdict.message}\n`);
      return;
    }
    metrics.scrape().then(
      ({ contentType, text }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics failed\n');
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

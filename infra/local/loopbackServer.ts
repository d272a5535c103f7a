import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackEndpoint {
  /** `http://127.0.0.1:<port>`: pass it as the SDK client's `endpoint` (or a sink's base URL). */
  endpoint: string;
  /** Idempotent; resolves once the server has stopped. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an ephemeral port: every embedded endpoint serves this way. */
export async function listenOnLoopback(server: http.Server): Promise<LoopbackEndpoint> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err?: Error) => (err ? reject(err) : resolve()));
        // Keep-alive sockets of SDK clients would otherwise hold the server open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

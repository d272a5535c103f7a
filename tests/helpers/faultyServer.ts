import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server in front of a stand-in (OpsGenie's alert store, a HEC collector) that fails a
 * share of requests in the ways a receiver fails:
 * - `429` with `Retry-After: 0`, `500`, `503`: refused before processing;
 * - `hang`: never answers (the client's timeout fires), not processed;
 * - `reset`: processed, then the connection is destroyed without an answer (an ambiguous failure);
 * - `late`: processed, answered only after the client gave up (ambiguous too).
 * Which request fails, and how, comes from a seeded generator: the same run every time.
 */
export type Fault = '429' | '500' | '503' | 'hang' | 'reset' | 'late';
export const FAULTS: readonly Fault[] = ['429', '500', '503', 'hang', 'reset', 'late'];

export interface StandInReply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface FaultyServerOptions {
  /** The stand-in: processes a request (changing its store) and says what it would answer. */
  serve: (request: { method: string; path: string; headers: http.IncomingHttpHeaders; text: string }) => StandInReply;
  /** Share of requests faulted, 0..1. */
  rate: number;
  /** How long a `late` answer waits (beyond the client's timeout). */
  lateMs: number;
  seed?: number;
  /** Told of each faulted request that the stand-in processed (reset, late): the ambiguous ones. */
  onAmbiguous?: (text: string) => void;
}

export interface FaultyServer {
  url: string;
  /** Requests received, and faulted by kind. */
  readonly counts: { requests: number; faults: Record<Fault, number> };
  setRate(rate: number): void;
  close(): Promise<void>;
}

export async function startFaultyServer(options: FaultyServerOptions): Promise<FaultyServer> {
  let rate = options.rate;
  const random = seeded(options.seed ?? 7);
  const counts = { requests: 0, faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number> };
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      counts.requests += 1;
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      };
      const fault = random() < rate ? FAULTS[Math.floor(random() * FAULTS.length)]! : undefined;
      if (fault) counts.faults[fault] += 1;
      const send = (reply: StandInReply) => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      };
      switch (fault) {
        case '429':
          return send({ status: 429, headers: { 'retry-after': '0' }, body: { message: 'throttled' } });
        case '500':
        case '503':
          return send({ status: Number(fault), body: { message: 'unavailable', code: 9 } });
        case 'hang':
          return; // the client's timeout fires; the socket is closed with the server
        case 'reset': {
          options.serve(request);
          options.onAmbiguous?.(request.text);
          req.socket.destroy();
          return;
        }
        case 'late': {
          const reply = options.serve(request);
          options.onAmbiguous?.(request.text);
          const timer = setTimeout(() => {
            timers.delete(timer);
            send(reply);
          }, options.lateMs);
          timers.add(timer);
          return;
        }
        default:
          return send(options.serve(request));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setRate(next: number) {
      rate = next;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reproducible draws in [0, 1): the n-th is a hash of the seed and n. */
function seeded(seed: number): () => number {
  let n = 0;
  return () => createHash('sha256').update(`${seed}:${n++}`).digest().readUInt32BE(0) / 2 ** 32;
}

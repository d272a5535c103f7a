import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply. `hang` never answers (for timeouts). */
export interface ScriptedReply {
  status?: number;
  body?: string | object;
  headers?: Record<string, string>;
  hang?: boolean;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1 with an ephemeral port that answers from a script: the n-th request
 * gets the n-th reply (the last one repeats). Records every request it receives.
 */
export class ScriptedServer {
  public readonly requests: SeenRequest[] = [];
  private replies: ScriptedReply[] = [{ status: 200 }];
  private readonly server: Server;
  private port = 0;

  public constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const reply = this.replies[Math.min(this.requests.length - 1, this.replies.length - 1)] ?? { status: 200 };
        if (reply.hang) return;
        const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(body);
      });
    });
  }

  public get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Replace the script and forget earlier requests. */
  public script(...replies: ScriptedReply[]): void {
    this.replies = replies;
    this.requests.length = 0;
  }

  public async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

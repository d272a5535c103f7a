import { resolveOpsGenieEndpoint, type OpsGenieEndpoint, type OpsGenieEndpointOptions } from '../alerts/opsgenie/endpoint';
import { RetryDeadlineError, RetryPolicy, retryAfterMs, type RetryDeadline, type RetryOptions } from '../retry';
import type { ApiBodies, OnCallKind } from './apiBodies';
import { OnCallApiError, OnCallUnsupportedError } from './errors';
import type { ApiResource, CurrentOnCall, OnCallChange } from './plan';

/**
 * OpsGenie's configuration API (teams, schedules with rotations, escalations, heartbeats, users), as far as
 * on-call as code needs it: read the current state, create, update and delete. Paths and bodies are those of
 * opsgenie/opsgenie-oas swagger.json (`/v2/teams`, `/v2/schedules?expand=rotation`, `/v2/escalations`,
 * `/v2/heartbeats`, `/v2/users`); resources are addressed by id (`identifierType=id`), heartbeats by name.
 *
 * - The key is an account API key with configuration access (an integration key cannot manage teams),
 *   sent as `Authorization: GenieKey <key>`; it is in no message.
 * - Retries follow the project's one policy (shared/retry): 429 (its Retry-After), 5xx but 501, timeouts
 *   and network errors. A create retried after an ambiguous failure may find its first attempt done:
 *   names are unique per kind, so the API answers 409, which is taken as created (the next plan compares).
 * - Jira Service Management: its ops REST API (`/jsm/ops/api/{cloudId}/v1/...`, Atlassian account basic
 *   auth, teams owned by Atlassian teams) is not OpsGenie's; this client refuses the jsm flavour with
 *   {@link OnCallUnsupportedError} rather than send OpsGenie bodies there.
 */

interface OnCallApiOptions extends OpsGenieEndpointOptions {
  apiKey: string;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  retry?: RetryOptions;
  deadline?: RetryDeadline;
  fetch?: typeof fetch;
}

const COLLECTION: Record<OnCallKind, string> = {
  team: '/v2/teams',
  schedule: '/v2/schedules',
  escalation: '/v2/escalations',
  heartbeat: '/v2/heartbeats',
};
/** UpdateHeartbeatPayload's fields: the only ones a heartbeat PATCH may carry. */
const HEARTBEAT_UPDATE_FIELDS = ['description', 'interval', 'intervalUnit', 'enabled'] as const;
const PAGE = 100;

function isRetryable(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

class OnCallApi {
  readonly endpoint: OpsGenieEndpoint;
  readonly #authorization: string;
  readonly #options: OnCallApiOptions;
  readonly #policy: RetryPolicy;

  constructor(options: OnCallApiOptions) {
    if (options.flavour === 'jsm') {
      throw new OnCallUnsupportedError(
        'on-call as code manages OpsGenie; Jira Service Management keeps teams, schedules, escalations and heartbeats in its ops ' +
          'REST API (/jsm/ops/api/{cloudId}/v1, Atlassian account auth), which vigil oncall does not implement yet',
      );
    }
    if (options.apiKey.trim() === '') throw new OnCallApiError('an OpsGenie API key is required', { method: '-', path: '-' });
    this.endpoint = resolveOpsGenieEndpoint({ ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }) });
    this.#authorization = `GenieKey ${options.apiKey.trim()}`;
    this.#options = options;
    this.#policy = new RetryPolicy(options.retry);
  }

  /** Everything a plan compares against: users, teams (with members), schedules (with rotations), escalations, heartbeats. */
  async current(): Promise<CurrentOnCall> {
    const users = await this.#list('/v2/users', true);
    const teamList = await this.#list('/v2/teams');
    const teams = await Promise.all(
      teamList.map(
        async (t) =>
          ((await this.#send('GET', `/v2/teams/${encodeURIComponent(String(t.id))}?identifierType=id`)).data ?? t) as ApiResource,
      ),
    );
    const schedules = await this.#list('/v2/schedules?expand=rotation');
    const escalations = await this.#list('/v2/escalations');
    const heartbeats = (((await this.#send('GET', '/v2/heartbeats')).data as { heartbeats?: ApiResource[] } | undefined)?.heartbeats ??
      []) as ApiResource[];
    return {
      users: users.map((u) => String(u.username)),
      team: teams,
      schedule: schedules,
      escalation: escalations,
      heartbeat: heartbeats,
    };
  }

  /** One change of a plan. */
  async apply(change: OnCallChange): Promise<void> {
    const collection = COLLECTION[change.kind];
    if (change.action === 'create') return this.#create(collection, change.body);
    const item = `${collection}/${encodeURIComponent(change.kind === 'heartbeat' ? change.name : change.id)}`;
    const one = change.kind === 'heartbeat' ? item : `${item}?identifierType=id`;
    switch (change.action) {
      case 'update':
        await this.#send('PATCH', one, change.kind === 'heartbeat' ? heartbeatUpdate(change.body) : change.body);
        return;
      case 'replace':
        await this.#send('DELETE', one);
        return this.#create(collection, change.body);
      case 'delete':
        await this.#send('DELETE', one);
        return;
    }
  }

  async #create(collection: string, body: ApiBodies[OnCallKind]): Promise<void> {
    try {
      await this.#send('POST', collection, body);
    } catch (error) {
      // Only after a retry: the first attempt may have created it before the connection failed.
      if (error instanceof OnCallApiError && error.status === 409 && error.attempts > 1) return;
      throw error;
    }
  }

  async #list(path: string, paged = false): Promise<ApiResource[]> {
    if (!paged) return ((await this.#send('GET', path)).data as ApiResource[] | undefined) ?? [];
    const all: ApiResource[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = ((await this.#send('GET', `${path}?limit=${PAGE}&offset=${offset}`)).data as ApiResource[] | undefined) ?? [];
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }

  async #send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<{ data?: unknown }> {
    const url = `${this.endpoint.apiRoot}${path}`;
    const where = `${method} ${path}`;
    const run = this.#policy.start(this.#options.deadline ?? {});
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    try {
      for (;;) {
        const attempt = run.begin();
        const { signal, timeoutMs } = run.attemptSignal(this.#options.timeoutMs ?? 10_000);
        let reason: string;
        let hint: number | undefined;
        try {
          const response = await fetchImpl(url, {
            method,
            signal,
            headers: { authorization: this.#authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          let reply: { data?: unknown; message?: unknown; errors?: unknown } = {};
          try {
            reply = text === '' ? {} : (JSON.parse(text) as typeof reply);
          } catch {
            // reported with the status below
          }
          if (response.ok) return reply;
          const detail = [
            typeof reply.message === 'string' ? reply.message : text.slice(0, 200),
            reply.errors ? JSON.stringify(reply.errors) : '',
          ]
            .filter((s) => s !== '')
            .join(' ');
          reason = `HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
          if (!isRetryable(response.status)) {
            throw new OnCallApiError(`OpsGenie ${where}: ${reason}`, { method, path, status: response.status, attempts: attempt });
          }
          hint = retryAfterMs(response.headers);
        } catch (error) {
          if (error instanceof OnCallApiError) throw error;
          const e = error as { name?: string; message?: string };
          reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
        }
        if (!(await run.next(reason, hint))) {
          throw new OnCallApiError(`OpsGenie ${where}: gave up after ${attempt} attempts: ${reason}`, { method, path, attempts: attempt });
        }
      }
    } catch (error) {
      if (error instanceof RetryDeadlineError)
        throw new OnCallApiError(`OpsGenie ${where}: ${error.message}`, { method, path, cause: error });
      throw error;
    }
  }
}

function heartbeatUpdate(body: ApiBodies[OnCallKind]): Record<string, unknown> {
  const source = body as unknown as Record<string, unknown>;
  return Object.fromEntries(HEARTBEAT_UPDATE_FIELDS.filter((f) => f in source).map((f) => [f, source[f]]));
}

export { OnCallApi };
export type { OnCallApiOptions };

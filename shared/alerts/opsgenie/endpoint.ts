import { isIP } from 'node:net';
import { ConfigError } from '../../config/errors';

/**
 * Where OpsGenie calls go, chosen per stage (serverless.yml params `opsgenieFlavour`, `opsgenieBaseUrl`)
 * and checked at cold start.
 *
 * - OpsGenie proper: `https://api.opsgenie.com` (US) or `https://api.eu.opsgenie.com` (EU-instance
 *   accounts must use it); paths `/v2/alerts…`, `/v2/heartbeats…` (https://docs.opsgenie.com/docs/alert-api).
 * - Jira Service Management ops, where OpsGenie accounts move before OpsGenie stops on 2027-04-05: the
 *   OpsGenie-compatible integration API under `https://api.atlassian.com/jsm/ops/integration`, same bodies,
 *   same `Authorization: GenieKey <key>` (developer.atlassian.com, Jira Service Management ops REST API,
 *   "Integration events": create, acknowledge, close, add note, request status). `identifierType=alias` works
 *   there too though its docs omit it (Atlassian issue JSDCLOUD-14179 shows
 *   `…/jsm/ops/integration/v2/alerts/<alias>/close?identifierType=alias`). JSM's heartbeats are a different
 *   API (`/jsm/ops/api/{cloudId}/v1/teams/{teamId}/heartbeats`, Atlassian account auth), so the heartbeat
 *   ping is not offered for this flavour (see OpsGenieClient.pingHeartbeat).
 *
 * Locally the embedded runtime points the same code at a loopback stand-in (plain http, any port).
 */
const OPSGENIE_FLAVOURS = {
  opsgenie: { defaultBaseUrl: 'https://api.opsgenie.com', pathPrefix: '', hosts: ['api.opsgenie.com', 'api.eu.opsgenie.com'] },
  jsm: { defaultBaseUrl: 'https://api.atlassian.com', pathPrefix: '/jsm/ops/integration', hosts: ['api.atlassian.com'] },
} as const;

type OpsGenieFlavour = keyof typeof OPSGENIE_FLAVOURS;

/** The public hosts, for `baseUrl`. */
const OPSGENIE_BASE_URLS = {
  us: 'https://api.opsgenie.com',
  eu: 'https://api.eu.opsgenie.com',
  jsm: 'https://api.atlassian.com',
} as const;

interface OpsGenieEndpointOptions {
  /** Default "opsgenie". */
  flavour?: OpsGenieFlavour;
  /** Default: the flavour's public host (`OPSGENIE_BASE_URLS.eu` for EU-instance accounts). */
  baseUrl?: string;
}

/** A validated destination. Every call's URL is `apiRoot` + an API path (`/v2/alerts`, …). */
interface OpsGenieEndpoint {
  flavour: OpsGenieFlavour;
  /** The scheme, host and port, e.g. `https://api.eu.opsgenie.com`. */
  origin: string;
  /** `origin` + the flavour's path prefix, no trailing slash: `https://api.atlassian.com/jsm/ops/integration`. */
  apiRoot: string;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain']);

/** 127.0.0.0/8, ::1 and localhost: the local stand-ins (plain http allowed). */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(host)) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

function flavourOfHost(hostname: string): OpsGenieFlavour | undefined {
  for (const [flavour, { hosts }] of Object.entries(OPSGENIE_FLAVOURS)) {
    if ((hosts as readonly string[]).includes(hostname)) return flavour as OpsGenieFlavour;
  }
  return undefined;
}

/**
 * Why `baseUrl` cannot be used with `flavour`, or undefined when it can. Refused: anything but a URL;
 * credentials, a query or a fragment in it; http to anything but loopback (the key would travel in clear);
 * a host that is none of the flavour's public hosts (a typo would otherwise fail only at the first page),
 * or the other flavour's host (JSM with flavour opsgenie); a path other than the flavour's prefix.
 */
function opsGenieEndpointProblem(options: OpsGenieEndpointOptions = {}): string | undefined {
  const flavour = options.flavour ?? 'opsgenie';
  const spec = OPSGENIE_FLAVOURS[flavour];
  if (!spec) return `unknown OpsGenie flavour "${String(flavour)}" (expected ${Object.keys(OPSGENIE_FLAVOURS).join(' or ')})`;
  const raw = options.baseUrl ?? spec.defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `OpsGenie base URL "${raw}" is not a URL`;
  }
  const shown = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  if (url.username !== '' || url.password !== '') return `OpsGenie base URL ${shown} must not carry credentials (the key goes in a header)`;
  if (url.search !== '' || url.hash !== '') return `OpsGenie base URL ${shown} must not have a query or a fragment`;
  const loopback = isLoopback(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return `OpsGenie base URL ${shown} must be https (plain http only to a loopback stand-in)`;
  }
  if (!loopback) {
    const hostFlavour = flavourOfHost(url.hostname);
    if (hostFlavour !== flavour) {
      const expected = spec.hosts.join(' or ');
      const hint = hostFlavour ? `; ${url.hostname} is the ${hostFlavour} flavour's host: set the flavour to ${hostFlavour}` : '';
      return `OpsGenie base URL ${shown} is not a ${flavour} host (expected ${expected})${hint}`;
    }
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== spec.pathPrefix) {
    const allowed = spec.pathPrefix === '' ? 'no path' : `no path or ${spec.pathPrefix}`;
    return `OpsGenie base URL ${shown} has the path ${url.pathname} (expected ${allowed})`;
  }
  return undefined;
}

/**
 * The validated endpoint for a flavour and base URL. Throws {@link ConfigError} with the reason
 * ({@link opsGenieEndpointProblem}); a handler calls it at cold start.
 *
 * @example
 * resolveOpsGenieEndpoint({ flavour: 'jsm' }).apiRoot; // 'https://api.atlassian.com/jsm/ops/integration'
 * resolveOpsGenieEndpoint({ baseUrl: OPSGENIE_BASE_URLS.eu }).apiRoot; // 'https://api.eu.opsgenie.com'
 */
function resolveOpsGenieEndpoint(options: OpsGenieEndpointOptions = {}): OpsGenieEndpoint {
  const problem = opsGenieEndpointProblem(options);
  if (problem !== undefined) throw new ConfigError(problem);
  const flavour = options.flavour ?? 'opsgenie';
  const spec = OPSGENIE_FLAVOURS[flavour];
  const url = new URL(options.baseUrl ?? spec.defaultBaseUrl);
  return { flavour, origin: url.origin, apiRoot: `${url.origin}${spec.pathPrefix}` };
}

export { OPSGENIE_BASE_URLS, OPSGENIE_FLAVOURS, isLoopback, opsGenieEndpointProblem, resolveOpsGenieEndpoint };
export type { OpsGenieEndpoint, OpsGenieEndpointOptions, OpsGenieFlavour };

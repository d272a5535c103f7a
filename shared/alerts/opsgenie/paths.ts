import type { OpsGenieEndpoint } from './endpoint';
import type { OpsGenieOperation } from './types';

/**
 * The URL of each operation, and the way back from a URL to its operation. Identifiers go in the path, so
 * they are URL-encoded (`encodeURIComponent`: `:` becomes `%3A`, `/` `%2F`); alerts are addressed by alias
 * (`identifierType=alias`, opsgenie/opsgenie-oas parameters `AlertIdentifier`, `AlertIdentifierType`),
 * which is what Vigil knows of an alert before OpsGenie has processed its create.
 */

type AlertAction = 'close' | 'acknowledge' | 'addNote';
const ACTION_PATH: Record<AlertAction, string> = { close: 'close', acknowledge: 'acknowledge', addNote: 'notes' };

const METHOD: Record<OpsGenieOperation, 'POST' | 'GET'> = {
  create: 'POST',
  close: 'POST',
  acknowledge: 'POST',
  addNote: 'POST',
  heartbeatPing: 'GET',
  requestStatus: 'GET',
  getAlert: 'GET',
};

function alertsUrl(endpoint: OpsGenieEndpoint): string {
  return `${endpoint.apiRoot}/v2/alerts`;
}

function alertActionUrl(endpoint: OpsGenieEndpoint, alias: string, action: AlertAction): string {
  return `${endpoint.apiRoot}/v2/alerts/${encodeURIComponent(alias)}/${ACTION_PATH[action]}?identifierType=alias`;
}

/** `GET /v2/alerts/{alias}?identifierType=alias`: the alert that has (or last had) this alias, open or closed. */
function alertUrl(endpoint: OpsGenieEndpoint, alias: string): string {
  return `${endpoint.apiRoot}/v2/alerts/${encodeURIComponent(alias)}?identifierType=alias`;
}

function requestStatusUrl(endpoint: OpsGenieEndpoint, requestId: string): string {
  return `${endpoint.apiRoot}/v2/alerts/requests/${encodeURIComponent(requestId)}`;
}

function heartbeatPingUrl(endpoint: OpsGenieEndpoint, name: string): string {
  return `${endpoint.apiRoot}/v2/heartbeats/${encodeURIComponent(name)}/ping`;
}

/** What an API path (after the endpoint's prefix) asks for. */
type ParsedOpsGeniePath =
  | { operation: 'create' }
  | { operation: 'close' | 'acknowledge' | 'addNote' | 'getAlert'; identifier: string; identifierType: string }
  | { operation: 'requestStatus'; requestId: string }
  | { operation: 'heartbeatPing'; name: string };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The operation behind a path such as `/v2/alerts/vigil%3Aprod%3A…/notes` with its query
 * (`identifierType` defaults to `id`, as in the API). Undefined for a path Vigil never calls.
 * Also what the local stand-in (infra/local/opsgenieStandIn.ts) routes on.
 */
function parseOpsGeniePath(pathname: string, search = ''): ParsedOpsGeniePath | undefined {
  const segments = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (segments[0] !== 'v2') return undefined;
  const [, resource, ...rest] = segments;
  if (resource === 'alerts') {
    if (rest.length === 0) return { operation: 'create' };
    if (rest.length === 2 && rest[0] === 'requests') {
      const requestId = decode(rest[1]);
      return requestId ? { operation: 'requestStatus', requestId } : undefined;
    }
    if (rest.length === 1) {
      const identifier = decode(rest[0]);
      if (!identifier) return undefined;
      return { operation: 'getAlert', identifier, identifierType: new URLSearchParams(search).get('identifierType') ?? 'id' };
    }
    if (rest.length === 2) {
      const action = (Object.keys(ACTION_PATH) as AlertAction[]).find((a) => ACTION_PATH[a] === rest[1]);
      const identifier = decode(rest[0]);
      if (!action || !identifier) return undefined;
      const identifierType = new URLSearchParams(search).get('identifierType') ?? 'id';
      return { operation: action, identifier, identifierType };
    }
    return undefined;
  }
  if (resource === 'heartbeats' && rest.length === 2 && rest[1] === 'ping') {
    const name = decode(rest[0]);
    return name ? { operation: 'heartbeatPing', name } : undefined;
  }
  return undefined;
}

/**
 * The operation of a full URL under `endpoint`, or a reason it is none: the client sends its key only
 * to its own endpoint, whatever URL a stored request names.
 */
function operationOfUrl(endpoint: OpsGenieEndpoint, url: string): ParsedOpsGeniePath | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `"${url}" is not a URL` };
  }
  const prefix = new URL(endpoint.apiRoot).pathname.replace(/\/+$/, '');
  if (parsed.origin !== endpoint.origin || !parsed.pathname.startsWith(`${prefix}/`)) {
    return { problem: `${parsed.origin}${parsed.pathname} is not under the configured endpoint ${endpoint.apiRoot}` };
  }
  const operation = parseOpsGeniePath(parsed.pathname.slice(prefix.length), parsed.search);
  return operation ?? { problem: `${parsed.pathname} is not an OpsGenie operation this client performs` };
}

export {
  METHOD as OPSGENIE_METHODS,
  alertActionUrl,
  alertUrl,
  alertsUrl,
  heartbeatPingUrl,
  operationOfUrl,
  parseOpsGeniePath,
  requestStatusUrl,
};
export type { AlertAction, ParsedOpsGeniePath };

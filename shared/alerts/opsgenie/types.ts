import type { OpsGeniePriority } from '../severity';

/**
 * Request and reply shapes of the OpsGenie Alert API v2 and Heartbeat API, as far as Vigil uses them
 * (opsgenie/opsgenie-oas swagger.json: CreateAlertPayload, AlertActionPayload, AddNoteToAlertPayload,
 * SuccessResponse, GetRequestStatusResponse / AlertRequestStatus, ErrorResponse). Jira Service
 * Management's ops integration API takes the same bodies.
 */

/** Responder types valid for alerts (the spec's generic Recipient enum also has all/none/group: refused). */
const RESPONDER_TYPES = ['team', 'user', 'escalation', 'schedule'] as const;
type OpsGenieResponderType = (typeof RESPONDER_TYPES)[number];

/** Identify by `id`, or by `name` (team, escalation, schedule) or `username` (user). */
interface OpsGenieResponder {
  type: OpsGenieResponderType;
  id?: string;
  name?: string;
  username?: string;
}

/** `POST /v2/alerts`. Only `message` is required by the API; Vigil always sends an alias (it is what makes a retry safe). */
interface OpsGenieAlertPayload {
  message: string;
  alias: string;
  description?: string;
  responders?: OpsGenieResponder[];
  visibleTo?: OpsGenieResponder[];
  actions?: string[];
  tags?: string[];
  details?: Record<string, string>;
  entity?: string;
  source?: string;
  priority?: OpsGeniePriority;
  user?: string;
  note?: string;
}

/** The create-alert body Vigil builds for a finding (`toOpsGenieCreateAlert`): every field it always fills is set. */
interface OpsGenieCreateAlertBody extends OpsGenieAlertPayload {
  description: string;
  tags: string[];
  details: Record<string, string>;
  entity: string;
  source: string;
  priority: OpsGeniePriority;
  user: string;
}

/** `POST /v2/alerts/{identifier}/close` and `/acknowledge` (AlertActionPayload: all optional). */
interface OpsGenieActionBody {
  user?: string;
  source?: string;
  note?: string;
}

/** `POST /v2/alerts/{identifier}/notes` (AddNoteToAlertPayload: `note` required). */
interface OpsGenieNoteBody extends OpsGenieActionBody {
  note: string;
}

/**
 * What Vigil asks of OpsGenie. Each is one HTTP call:
 *
 * | operation       | method + path                                                  | body                    |
 * |-----------------|----------------------------------------------------------------|-------------------------|
 * | `create`        | `POST /v2/alerts`                                              | OpsGenieAlertPayload    |
 * | `close`         | `POST /v2/alerts/{alias}/close?identifierType=alias`           | OpsGenieActionBody      |
 * | `acknowledge`   | `POST /v2/alerts/{alias}/acknowledge?identifierType=alias`     | OpsGenieActionBody      |
 * | `addNote`       | `POST /v2/alerts/{alias}/notes?identifierType=alias`           | OpsGenieNoteBody        |
 * | `heartbeatPing` | `GET /v2/heartbeats/{name}/ping`                               | none                    |
 * | `requestStatus` | `GET /v2/alerts/requests/{requestId}`                          | none                    |
 * | `getAlert`      | `GET /v2/alerts/{alias}?identifierType=alias`                  | none                    |
 */
type OpsGenieOperation = 'create' | 'close' | 'acknowledge' | 'addNote' | 'heartbeatPing' | 'requestStatus' | 'getAlert';

type OpsGenieRequestBody = OpsGenieAlertPayload | OpsGenieActionBody | OpsGenieNoteBody;

/**
 * One HTTP request, as the capture sink records it and the outbox will keep it (no headers: they
 * carry the key). `body` is absent for the GET operations.
 */
interface OpsGenieRequest<TBody extends OpsGenieRequestBody = OpsGenieRequestBody> {
  method: 'POST' | 'GET';
  url: string;
  body?: TBody;
}

/** A create-alert request, as `createAlertRequest` builds it from a finding. */
interface OpsGenieCreateAlertRequest extends OpsGenieRequest<OpsGenieCreateAlertBody> {
  method: 'POST';
  body: OpsGenieCreateAlertBody;
}

export { RESPONDER_TYPES };
export type {
  OpsGenieActionBody,
  OpsGenieAlertPayload,
  OpsGenieCreateAlertBody,
  OpsGenieCreateAlertRequest,
  OpsGenieNoteBody,
  OpsGenieOperation,
  OpsGenieRequest,
  OpsGenieRequestBody,
  OpsGenieResponder,
  OpsGenieResponderType,
};

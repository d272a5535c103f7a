export { OpsGenieClient } from './client';
export type {
  OpsGenieAccepted,
  OpsGenieAlertLookup,
  OpsGenieCallRecord,
  OpsGenieClientOptions,
  OpsGenieRequestStatus,
  OpsGenieRequestStatusReader,
} from './client';
export { OPSGENIE_BASE_URLS, OPSGENIE_FLAVOURS, isLoopback, opsGenieEndpointProblem, resolveOpsGenieEndpoint } from './endpoint';
export type { OpsGenieEndpoint, OpsGenieEndpointOptions, OpsGenieFlavour } from './endpoint';
export { OpsGenieApiError, OpsGenieLimitError } from './errors';
export type { OpsGenieApiErrorOptions } from './errors';
export { alertsEndpoint, createAlertRequest, opsGenieAlias, opsGenieAuthorization, toOpsGenieCreateAlert } from './findingAlert';
export type { OpsGenieAlertOptions } from './findingAlert';
export {
  LONG_TEXT_MARK,
  OPSGENIE_LIMITS,
  TRUNCATABLE_FIELDS,
  TRUNCATED_DETAIL,
  boundActionBody,
  boundAlias,
  boundCreateAlert,
  boundNoteBody,
  checkHeartbeatName,
} from './limits';
export type { Bounded, TruncatedField } from './limits';
export {
  OPSGENIE_METHODS,
  alertActionUrl,
  alertUrl,
  alertsUrl,
  heartbeatPingUrl,
  operationOfUrl,
  parseOpsGeniePath,
  requestStatusUrl,
} from './paths';
export type { AlertAction, ParsedOpsGeniePath } from './paths';
export { RESPONDER_TYPES } from './types';
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
} from './types';

import { PermanentDeliveryError, type AlertDeliveryErrorOptions } from '../sinks/errors';
import type { OpsGenieOperation } from './types';

/**
 * Errors of the OpsGenie client. Delivery outcomes keep the alerts module's two classes, so that the
 * router and the outbox branch on one distinction (sinks/errors.ts): resending cannot help
 * (PermanentDeliveryError, of which {@link OpsGenieApiError} is the API's own refusal) or a later
 * attempt may succeed (RetryableDeliveryError, after the retry budget or the deadline).
 * Nothing here carries the API key: it travels only in the Authorization header.
 */

/**
 * A request that no clipping can make valid (blank message, responder type not valid for alerts, heartbeat
 * name over 200 characters, …): found before anything is sent, since OpsGenie would only answer 422.
 */
class OpsGenieLimitError extends TypeError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OpsGenieLimitError';
  }
}

interface OpsGenieApiErrorOptions extends AlertDeliveryErrorOptions {
  status: number;
  operation: OpsGenieOperation;
  /** OpsGenie's `message` (ErrorResponse), or an excerpt of a body that was not its JSON. */
  apiMessage?: string;
  /** OpsGenie's `errors`: field → reason, on a 422. */
  fieldErrors?: Record<string, string>;
}

/**
 * OpsGenie answered with a status no retry can change: 4xx other than 429 (400 bad JSON, 401 bad key or
 * integration disabled, 402 plan, 403 permission, 404, 409, 422 body semantics, …) or 501. Carries the
 * status and OpsGenie's own message; `code` is its `X-Opsgenie-Errortype` header when it sent one.
 */
class OpsGenieApiError extends PermanentDeliveryError {
  public override readonly status: number;
  public override readonly operation: OpsGenieOperation;
  public readonly apiMessage?: string;
  public readonly fieldErrors?: Record<string, string>;

  public constructor(message: string, options: OpsGenieApiErrorOptions) {
    const { apiMessage, fieldErrors, ...base } = options;
    super(message, base);
    this.name = 'OpsGenieApiError';
    this.status = options.status;
    this.operation = options.operation;
    if (apiMessage !== undefined) this.apiMessage = apiMessage;
    if (fieldErrors !== undefined) this.fieldErrors = fieldErrors;
  }
}

export { OpsGenieApiError, OpsGenieLimitError };
export type { OpsGenieApiErrorOptions };

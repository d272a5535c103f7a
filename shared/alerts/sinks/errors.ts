/**
 * Delivery failures. Branch on the class, never on the message:
 * - {@link RetryableDeliveryError}: the receiver may accept the same request later (429, 5xx,
 *   HEC busy/unhealthy, network error, timeout) and the sink's own retry budget is spent → outbox.
 * - {@link PermanentDeliveryError}: resending the same request cannot succeed (bad key, bad body,
 *   index not allowed, …) → alarm and quarantine, not retry.
 *
 * Messages and fields never carry the API key or token.
 */

interface AlertDeliveryErrorOptions {
  cause?: unknown;
  /** Which sink failed, e.g. "opsgenie", "jsm", "splunk-hec". */
  sink?: string;
  /** Last HTTP status seen, if a response arrived. */
  status?: number;
  /** Receiver's own error code: a HEC `code`, OpsGenie's `X-Opsgenie-Errortype`, … */
  code?: number | string;
  /** HTTP attempts made, retries included. */
  attempts?: number;
  /** Records accepted before the failure (a multi-request delivery may fail half way). */
  delivered?: number;
  /** HEC code 6: position, in the records given to `deliver`, of the first record HEC rejected. */
  invalidRecordIndex?: number;
  /** Receiver's request id (OpsGenie `requestId`), for support tickets. */
  requestId?: string;
  /** What was being done, when a sink does more than one thing (OpsGenie: create, close, addNote, …). */
  operation?: string;
}

class AlertDeliveryError extends Error {
  public readonly sink?: string;
  public readonly status?: number;
  public readonly code?: number | string;
  public readonly attempts?: number;
  public readonly delivered?: number;
  public readonly invalidRecordIndex?: number;
  public readonly requestId?: string;
  public readonly operation?: string;

  public constructor(message: string, options: AlertDeliveryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AlertDeliveryError';
    if (options.sink !== undefined) this.sink = options.sink;
    if (options.status !== undefined) this.status = options.status;
    if (options.code !== undefined) this.code = options.code;
    if (options.attempts !== undefined) this.attempts = options.attempts;
    if (options.delivered !== undefined) this.delivered = options.delivered;
    if (options.invalidRecordIndex !== undefined) this.invalidRecordIndex = options.invalidRecordIndex;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.operation !== undefined) this.operation = options.operation;
  }
}

/** The receiver may accept the same request later; the sink gave up after its retry budget. */
class RetryableDeliveryError extends AlertDeliveryError {
  public constructor(message: string, options: AlertDeliveryErrorOptions = {}) {
    super(message, options);
    this.name = 'RetryableDeliveryError';
  }
}

/** Resending the same request cannot succeed. */
class PermanentDeliveryError extends AlertDeliveryError {
  public constructor(message: string, options: AlertDeliveryErrorOptions = {}) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}

export { AlertDeliveryError, PermanentDeliveryError, RetryableDeliveryError };
export type { AlertDeliveryErrorOptions };

import type { OpsGenieRequest } from '../opsgenie/types';
import type { RetryDeadline } from '../../retry';

/** What a successful delivery reports. Failures are thrown (see errors.ts). */
interface DeliveryResult {
  /** e.g. "opsgenie", "jsm", "splunk-hec", "capture:opsgenie", "capture:siem". */
  sink: string;
  /** Records accepted: 1 for an alert, the record count for a SIEM batch. */
  delivered: number;
  /** HTTP requests made, retries included (0 for a capture sink). */
  attempts: number;
  /** HTTP status of the last response. */
  status?: number;
  /**
   * OpsGenie's async request id (202 Accepted): the real outcome is at
   * `GET /v2/alerts/requests/{requestId}` ("Get Request Status", https://docs.opsgenie.com/docs/alert-api).
   */
  requestId?: string;
  /** HEC ack ids, when the token has indexer acknowledgement on. */
  ackIds?: number[];
  /** What was done, when a sink does more than one thing (OpsGenie: create, close, addNote, …). */
  operation?: string;
  /** Fields the sink cut to the receiver's limits (OpsGenie: see opsgenie/limits.ts). */
  truncated?: string[];
  /** A resent create that was not sent: the alias already names an alert, in this state (see OpsGenieDeliveryOptions). */
  existing?: 'open' | 'closed';
}

/**
 * A destination for alerts or SIEM records. The router owns delivery and decides what a failure
 * means: RetryableDeliveryError → outbox, PermanentDeliveryError → alarm/quarantine.
 */
interface AlertSink<TRequest> {
  readonly name: string;
  deliver(request: TRequest, options?: DeliveryOptions): Promise<DeliveryResult>;
}

/**
 * The caller's time budget: an HTTP sink stops retrying (RetryableDeliveryError) rather than wait
 * or send past it, and aborts a request in flight when the signal fires.
 */
type DeliveryOptions = RetryDeadline;

/** An OpsGenie delivery's options: the caller's budget, and whether this is a resend. */
interface OpsGenieDeliveryOptions extends DeliveryOptions {
  /**
   * An earlier attempt of this create may have reached OpsGenie (an outbox resend, a resumed invocation):
   * the alias is looked up first and, when it names an alert, open or closed, nothing is created again
   * (OpsGenie deduplicates on an open alias only: a human may have closed the alert in between).
   */
  resend?: boolean;
}

/**
 * Takes one OpsGenie request (method, url, body): a create as `createAlertRequest` builds it, or a close,
 * acknowledge, add-note or heartbeat ping (opsgenie/paths.ts). OpsGenieClient sends it; the capture sink records it.
 */
interface OpsGenieSink extends AlertSink<OpsGenieRequest> {
  deliver(request: OpsGenieRequest, options?: OpsGenieDeliveryOptions): Promise<DeliveryResult>;
}

/**
 * What the SIEM takes: any OCSF event (a Detection Finding, an audit record's Authentication or API
 * Activity), with its class, its epoch-millisecond time and a uid the SIEM deduplicates on.
 */
interface OcsfRecord {
  class_uid: number;
  time: number;
  metadata: { uid: string };
}

/** Takes OCSF records; the sink wraps, batches and sends them (or records them one per line). */
type SiemSink = AlertSink<readonly OcsfRecord[]>;

export type { AlertSink, DeliveryOptions, DeliveryResult, OcsfRecord, OpsGenieDeliveryOptions, OpsGenieSink, SiemSink };

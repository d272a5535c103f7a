import type { OpsGenieRequest } from '../opsgenie/types';
import type { DeliveryResult, OcsfRecord, OpsGenieSink, SiemSink } from './types';

/** Writes one line (the local runtime appends it to opsgenie.jsonl or siem.jsonl). */
type RecordLine = (line: object) => void | Promise<void>;

/**
 * Records each OpsGenie request exactly as it would be sent, `{ method, url, body }`, and nothing
 * else: headers are left out because they carry the key (README.md, `out/opsgenie.jsonl`).
 */
class CaptureOpsGenieSink implements OpsGenieSink {
  public readonly name = 'capture:opsgenie';
  readonly #record: RecordLine;

  public constructor(record: RecordLine) {
    this.#record = record;
  }

  public async deliver(request: OpsGenieRequest): Promise<DeliveryResult> {
    // A deep copy: the line must not change if the caller reuses or mutates the request afterwards.
    await this.#record({
      method: request.method,
      url: request.url,
      body: request.body === undefined ? null : structuredClone(request.body),
    });
    return { sink: this.name, delivered: 1, attempts: 0 };
  }
}

/**
 * Records each OCSF record on its own line, exactly as forwarded: `siem.jsonl` is one OCSF record per
 * line, not one HEC request per line (README.md, `out/siem.jsonl`).
 */
class CaptureSiemSink implements SiemSink {
  public readonly name = 'capture:siem';
  readonly #record: RecordLine;

  public constructor(record: RecordLine) {
    this.#record = record;
  }

  public async deliver(records: readonly OcsfRecord[]): Promise<DeliveryResult> {
    for (const record of records) await this.#record(structuredClone(record));
    return { sink: this.name, delivered: records.length, attempts: 0 };
  }
}

export { CaptureOpsGenieSink, CaptureSiemSink };
export type { RecordLine };

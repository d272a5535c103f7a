import {
  createAlertRequest,
  shouldPage,
  toOcsfDetectionFinding,
  type DeliveryOptions,
  type OpsGenieFlavour,
  type OcsfRecord,
  type OpsGenieSink,
  type SiemSink,
} from '../alerts';
import type { Finding, Severity } from '../findings/types';

export interface AlertRouterOptions {
  opsgenie: OpsGenieSink;
  siem: SiemSink;
  stage: string;
  opsgenieBaseUrl: string;
  opsgenieFlavour: OpsGenieFlavour;
  pageAtOrAbove: Severity;
  productVersion: string;
}

/**
 * Where a finding goes: OpsGenie when its severity pages (critical and high by default), the SIEM
 * always. Detectors never call a sink; this is the one place that does.
 *
 * `options` carries the invocation's time budget (a signal middy aborts before the Lambda timeout,
 * and/or an absolute deadline) down to the sinks, so a delivery gives up in time for the handler to
 * report it; Lambda's retry then takes over.
 */
export class AlertRouter {
  constructor(private readonly options: AlertRouterOptions) {}

  pages(finding: Finding): boolean {
    return shouldPage(finding.severity, this.options.pageAtOrAbove);
  }

  /**
   * Pages for a finding whose severity pages. `requestId` is OpsGenie's id of the accepted create (202),
   * whose outcome the request-status API tells later; absent from a capture sink.
   */
  async page(finding: Finding, options: DeliveryOptions = {}): Promise<{ paged: boolean; requestId?: string }> {
    if (!this.pages(finding)) return { paged: false };
    const request = createAlertRequest(finding, {
      stage: this.options.stage,
      baseUrl: this.options.opsgenieBaseUrl,
      flavour: this.options.opsgenieFlavour,
    });
    const result = await this.options.opsgenie.deliver(request, options);
    return result.requestId === undefined ? { paged: true } : { paged: true, requestId: result.requestId };
  }

  async forward(finding: Finding, options: DeliveryOptions = {}): Promise<{ forwarded: number }> {
    const record = toOcsfDetectionFinding(finding, { productVersion: this.options.productVersion, stage: this.options.stage });
    const result = await this.options.siem.deliver([record], options);
    return { forwarded: result.delivered };
  }

  /**
   * OCSF events already built by their producer (the audit recorder's Authentication and API
   * Activity records), to the SIEM through the same sink and retry path as findings. They never page.
   */
  async forwardRecords(records: readonly OcsfRecord[], options: DeliveryOptions = {}): Promise<{ forwarded: number }> {
    if (records.length === 0) return { forwarded: 0 };
    const result = await this.options.siem.deliver(records, options);
    return { forwarded: result.delivered };
  }
}

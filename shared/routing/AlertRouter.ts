import { createAlertRequest, shouldPage, toOcsfDetectionFinding, type OpsGenieFlavour, type OpsGenieSink, type SiemSink } from '../alerts';
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
 */
export class AlertRouter {
  constructor(private readonly options: AlertRouterOptions) {}

  pages(finding: Finding): boolean {
    return shouldPage(finding.severity, this.options.pageAtOrAbove);
  }

  async page(finding: Finding): Promise<{ paged: boolean }> {
    if (!this.pages(finding)) return { paged: false };
    const request = createAlertRequest(finding, {
      stage: this.options.stage,
      baseUrl: this.options.opsgenieBaseUrl,
      flavour: this.options.opsgenieFlavour,
    });
    await this.options.opsgenie.deliver(request);
    return { paged: true };
  }

  async forward(finding: Finding): Promise<{ forwarded: number }> {
    const record = toOcsfDetectionFinding(finding, { productVersion: this.options.productVersion, stage: this.options.stage });
    const result = await this.options.siem.deliver([record]);
    return { forwarded: result.delivered };
  }
}

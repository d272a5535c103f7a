import { ReportError } from './errors';
import type { MonitoringBuckets } from './monitoringBuckets';
import type { ReportSource } from './ReportSource';
import { s3Uri, type S3Location } from './s3Location';

/**
 * A ReportSource that reads only inside the stage's monitoring buckets: an object outside them is a
 * ReportError naming it (the run is quarantined with that reason) before any request is made, instead of
 * the AccessDenied the role would answer.
 */
export class ScopedReportSource implements ReportSource {
  constructor(
    private readonly inner: ReportSource,
    private readonly readable: MonitoringBuckets,
  ) {}

  async read(location: S3Location): Promise<string> {
    if (!this.readable.allows(location)) {
      const list = this.readable.toString();
      throw new ReportError(
        s3Uri(location),
        `outside the monitoring buckets this stage may read (modelMonitorBuckets: ${list === '' ? 'none' : list})`,
      );
    }
    return this.inner.read(location);
  }
}

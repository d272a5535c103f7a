import type { Occurrence } from '../findings/occurrence';
import type { Finding } from '../findings/types';
import type { Counter } from '../observability/Counter';
import { succeeded, type CloudTrailEnvelope, type CloudTrailRecord } from './cloudTrailRecord';
import { rootAccountUsage } from './rules/rootAccountUsage';

/**
 * The compliance and detection metrics of the security detector (issue 6, item 10), by name. A
 * dashboard divides ConsoleLoginsWithMfa by ConsoleLogins for the share of console sign-ins with
 * MFA (or by ConsoleLogins - ConsoleLoginsFederated, whose MFA happens at the identity provider).
 */
export const SECURITY_METRICS = {
  /** Successful console sign-ins. */
  consoleLogins: 'ConsoleLogins',
  /** ... of which the sign-in or the session used MFA (MFAUsed "Yes", or an MFA-authenticated session). */
  consoleLoginsWithMfa: 'ConsoleLoginsWithMfa',
  /** ... of which SAML or IAM Identity Center sign-ins without MFA in CloudTrail: MFA is the identity provider's. */
  consoleLoginsFederated: 'ConsoleLoginsFederated',
  /** Calls root made itself, failed or not (the events root-account-usage reads, whether it is enabled or not). */
  rootActivity: 'RootActivity',
  /** Occurrences of the detections that catch logging and monitoring being impaired (MITRE T1562, .001, .008). */
  loggingTamperEvents: 'LoggingTamperEvents',
  /** Findings opened: a total, and per `detection` and `severity`. */
  findingsOpened: 'FindingsOpened',
} as const;

/**
 * The techniques of "Impair Defenses" that are about logging and monitoring: disabling or modifying
 * tools (T1562.001), cloud logs (T1562.008), and the parent technique. Not the cloud firewall
 * (T1562.007): a security group opened to the world is exposure, not tampering with the evidence.
 */
const LOGGING_TAMPER_TECHNIQUES = new Set(['T1562', 'T1562.001', 'T1562.008']);

/** Whether an occurrence is of a detection that catches logging or monitoring being tampered with. */
export function isLoggingTamper(occurrence: { readonly mitre: readonly string[] }): boolean {
  return occurrence.mitre.some((technique) => LOGGING_TAMPER_TECHNIQUES.has(technique));
}

export type ConsoleSignIn = 'mfa' | 'federated' | 'without-mfa';

/**
 * A successful console sign-in, by how it was authenticated; undefined for any other record (a failed
 * sign-in is not a login). The same reading as console-login-without-mfa.
 */
export function consoleSignInOf(record: CloudTrailRecord): ConsoleSignIn | undefined {
  if (record.eventSource !== 'signin.amazonaws.com' || record.eventName !== 'ConsoleLogin') return undefined;
  if (record.responseElements?.ConsoleLogin !== 'Success' || !succeeded(record)) return undefined;
  const id = record.userIdentity;
  if (record.additionalEventData?.MFAUsed === 'Yes' || id.sessionContext?.attributes?.mfaAuthenticated === 'true') return 'mfa';
  const issuer = id.sessionContext?.sessionIssuer;
  const sso = [id.arn, issuer?.arn, issuer?.userName].some((v) => v?.includes('AWSReservedSSO_'));
  return record.additionalEventData?.SamlProviderArn || sso ? 'federated' : 'without-mfa';
}

/** Whether root made the call itself (root-account-usage's reading: no invokedBy, not a service event). */
export function isRootActivity(event: CloudTrailEnvelope): boolean {
  return event.detail.userIdentity.type === 'Root' && rootAccountUsage.evaluate(event, {}) !== undefined;
}

/**
 * What the security detector counts, through a Counter (MetricTally in Lambda: EMF). Dimensions are
 * the detection id and the severity only: never a user, an IP, an ARN or an account.
 */
export class SecurityMetrics {
  constructor(private readonly counter: Counter) {}

  /** Every event the detector accepted (each delivery: metrics are at-least-once, as EventBridge is). */
  event(event: CloudTrailEnvelope): void {
    const signIn = consoleSignInOf(event.detail);
    if (signIn !== undefined) {
      this.counter.count(SECURITY_METRICS.consoleLogins);
      if (signIn === 'mfa') this.counter.count(SECURITY_METRICS.consoleLoginsWithMfa);
      if (signIn === 'federated') this.counter.count(SECURITY_METRICS.consoleLoginsFederated);
    }
    if (isRootActivity(event)) this.counter.count(SECURITY_METRICS.rootActivity);
  }

  /** Occurrences recorded in the finding store: an event counts once, however many tamper detections it raised. */
  occurrences(occurrences: readonly Pick<Occurrence, 'mitre' | 'eventId'>[]): void {
    const tamper = new Set(occurrences.filter(isLoggingTamper).map((o) => o.eventId)).size;
    if (tamper > 0) this.counter.count(SECURITY_METRICS.loggingTamperEvents, tamper);
  }

  /** Findings opened (announced on the bus for the first time). */
  opened(findings: readonly Pick<Finding, 'detection' | 'severity'>[]): void {
    if (findings.length === 0) return;
    this.counter.count(SECURITY_METRICS.findingsOpened, findings.length);
    for (const { detection, severity } of findings) {
      this.counter.count(SECURITY_METRICS.findingsOpened, 1, { detection, severity });
    }
  }
}

import type { Detection } from '../detection';
import { cloudtrailSelectorsWeakened } from './cloudtrailSelectorsWeakened';
import { guarddutyDisabledOrBlinded } from './guarddutyDisabledOrBlinded';
import { configRecorderStopped } from './configRecorderStopped';
import { vpcFlowOrDnsLogsDeleted } from './vpcFlowOrDnsLogsDeleted';
import { securityhubMacieFindingsEvasion } from './securityhubMacieFindingsEvasion';
import { leaveOrganization } from './leaveOrganization';
import { cloudtrailTamperAttempt } from './cloudtrailTamperAttempt';
import { ebsDefaultEncryptionDisabled } from './ebsDefaultEncryptionDisabled';
import { modelMonitoringDisabled } from './modelMonitoringDisabled';
import { mfaDeviceRemoved } from './mfaDeviceRemoved';
import { bruteforceThenSuccess } from './bruteforceThenSuccess';
import { cloudtrailStoppedOrDeleted } from './cloudtrailStoppedOrDeleted';
import { consoleBruteforcePerUser } from './consoleBruteforcePerUser';
import { reconAccessDeniedBurst } from './reconAccessDeniedBurst';
import { rootConsoleLogin } from './rootConsoleLogin';

/**
 * The registry: every detection the security detector runs, each defined whole in its own module
 * (definition, parameters, trigger, logic). Adding a detection is one module and one line here;
 * docs/detections.md is generated from this list (npm run docs:detections).
 */
export const DETECTIONS: readonly Detection[] = [
  cloudtrailStoppedOrDeleted,
  rootConsoleLogin,
  consoleBruteforcePerUser,
  bruteforceThenSuccess,
  reconAccessDeniedBurst,
  cloudtrailSelectorsWeakened,
  guarddutyDisabledOrBlinded,
  configRecorderStopped,
  vpcFlowOrDnsLogsDeleted,
  securityhubMacieFindingsEvasion,
  leaveOrganization,
  cloudtrailTamperAttempt,
  ebsDefaultEncryptionDisabled,
  modelMonitoringDisabled,
  mfaDeviceRemoved,
];

import type { Detection } from '../detection';
import { accessKeyCreatedForOtherUser } from './accessKeyCreatedForOtherUser';
import { adminPolicyGranted } from './adminPolicyGranted';
import { consoleLoginWithoutMfa } from './consoleLoginWithoutMfa';
import { federationIdpChange } from './federationIdpChange';
import { getsignintokenAbuse } from './getsignintokenAbuse';
import { loginProfileSetForOtherUser } from './loginProfileSetForOtherUser';
import { offensiveToolUseragent } from './offensiveToolUseragent';
import { rootAccessKeyCreated } from './rootAccessKeyCreated';
import { rootAccountUsage } from './rootAccountUsage';
import { stsTokenMintingByIamUser } from './stsTokenMintingByIamUser';
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
  rootAccountUsage,
  consoleLoginWithoutMfa,
  accessKeyCreatedForOtherUser,
  rootAccessKeyCreated,
  loginProfileSetForOtherUser,
  adminPolicyGranted,
  getsignintokenAbuse,
  offensiveToolUseragent,
  stsTokenMintingByIamUser,
  federationIdpChange,
];

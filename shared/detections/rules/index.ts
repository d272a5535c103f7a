import type { Detection } from '../detection';
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
];

import type { CloudTrailDetection } from '../detection';
import { cloudtrailStoppedOrDeleted } from './cloudtrailStoppedOrDeleted';
import { rootConsoleLogin } from './rootConsoleLogin';

/** Every CloudTrail detection the security detector runs. */
export const CLOUDTRAIL_DETECTIONS: readonly CloudTrailDetection[] = [cloudtrailStoppedOrDeleted, rootConsoleLogin];

import { GuardDutyFindingEventSchema } from '../../events/schemas';
import { readConfig } from '../../shared/config';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * GuardDuty relay, first job: validate "GuardDuty Finding" events against their contract, quarantine
 * what fails, count what passes (sample findings apart). Relaying them as Vigil findings (severity
 * bands, dedup on the finding id) lands with the GuardDuty detection issue.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);

export const handler = eventHandler(deps, GuardDutyFindingEventSchema, async (event) => {
  const sample = event.detail.service?.additionalInfo?.sample === true;
  deps.tally.count(sample ? 'SampleFindingsSeen' : 'FindingsSeen');
  deps.logger.info('guardduty finding', { eventId: event.id, type: event.detail.type, sample });
  return { accepted: true };
});

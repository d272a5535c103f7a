import { z } from 'zod';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, outcomeOf, text } from './evasionHelpers';

const ACTIONS: Record<string, string> = {
  StopConfigurationRecorder: 'stopped configuration recorder',
  DeleteConfigurationRecorder: 'deleted configuration recorder',
  DeleteDeliveryChannel: 'deleted delivery channel',
};

/** config-recorder-stopped: any attempt (the row does not say success) to stop or delete the recorder or its delivery channel. */
export const configRecorderStopped: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'config-recorder-stopped',
    title: 'AWS Config recording stopped or deleted',
    severity: 'high',
    mitre: ['T1562.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.config'],
    detail: { eventSource: ['config.amazonaws.com'], eventName: Object.keys(ACTIONS) },
  },
  evaluate(event) {
    const record = event.detail;
    const action = ACTIONS[record.eventName];
    if (record.eventSource !== 'config.amazonaws.com' || !action) return undefined;
    const params = record.requestParameters ?? {};
    const channel = record.eventName === 'DeleteDeliveryChannel';
    const named = channel ? text(params.deliveryChannelName) : text(params.configurationRecorderName);
    // AWS Config names both "default" unless told otherwise.
    const name = named ?? text(params.configurationRecorderName) ?? 'default';
    const account = accountOf(event);
    const region = record.awsRegion;
    const actor = actorName(record);
    return {
      subject: name,
      dedupKey: `${account}:${region}:${name}`,
      description:
        `${actor} ${action} ${name} in ${region} (account ${account}); the call ${outcomeOf(record)}. ` +
        'Without it, resource changes in this region are no longer recorded or delivered.',
      resources: [],
      evidence: { ...callEvidence(record), name },
    } satisfies DetectionHit;
  },
};

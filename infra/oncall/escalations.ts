import { RESPONSE_SLAS } from '../../shared/oncall/responseSlas';
import type { OnCallInput } from '../../shared/oncall/model';
import { PLATFORM_TEAM, SECOPS_TEAM } from './teams';

/**
 * Escalation policies. Delays count from the alert's creation; each step waits for the severity's
 * acknowledge SLA (shared/oncall/responseSlas.ts) before the next line is called: an unacknowledged P1
 * reaches the backup when its SLA expires, the whole team after the P2 SLA, the head of security after that.
 */
const P1_ACK = RESPONSE_SLAS.critical.acknowledgeMinutes;
const P2_ACK = RESPONSE_SLAS.high.acknowledgeMinutes;

export const ESCALATIONS = [
  {
    name: 'vigil-secops-escalation',
    description: 'Security findings: primary, then secondary, then the whole team, then the head of security.',
    ownerTeam: SECOPS_TEAM,
    rules: [
      { delayMinutes: 0, recipient: { type: 'schedule', name: 'vigil-secops-primary' } },
      { delayMinutes: P1_ACK, recipient: { type: 'schedule', name: 'vigil-secops-secondary' } },
      { delayMinutes: P2_ACK, recipient: { type: 'team', name: SECOPS_TEAM } },
      { delayMinutes: 2 * P2_ACK, recipient: { type: 'user', username: 'grace.lee@vigil.example' } },
    ],
    repeat: { waitInterval: 10, count: 2, resetRecipientStates: false, closeAlertAfterAll: false },
  },
  {
    name: 'vigil-platform-escalation',
    description: 'The pipeline itself: platform primary, then the platform team, then the head of security (Vigil blind).',
    ownerTeam: PLATFORM_TEAM,
    rules: [
      { delayMinutes: 0, recipient: { type: 'schedule', name: 'vigil-platform-primary' } },
      { delayMinutes: P1_ACK, recipient: { type: 'team', name: PLATFORM_TEAM } },
      { delayMinutes: P2_ACK, recipient: { type: 'user', username: 'grace.lee@vigil.example' } },
    ],
    repeat: { waitInterval: 10, count: 2, resetRecipientStates: false, closeAlertAfterAll: false },
  },
] satisfies OnCallInput['escalations'];

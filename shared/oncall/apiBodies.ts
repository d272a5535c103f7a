import type { Escalation, Heartbeat, OnCall, Participant, Recipient, Rotation, Schedule, Team } from './model';

/**
 * The OpsGenie configuration API's request bodies for an on-call definition (opsgenie/opsgenie-oas swagger.json:
 * CreateTeamPayload, CreateSchedulePayload with CreateScheduleRotationPayload, CreateEscalationPayload with
 * EscalationRule, CreateHeartbeatPayload). Pure: plan.ts compares them with what the API holds, apply.ts sends them.
 *
 * Every description ends with {@link MANAGED_MARK}: it is how a plan tells what Vigil manages (and may delete once
 * it leaves infra/oncall/) from what people made by hand in the same account, which it never touches.
 */

const MANAGED_MARK = '[managed as code: infra/oncall, vigil oncall apply]';

const KINDS = ['team', 'schedule', 'escalation', 'heartbeat'] as const;
type OnCallKind = (typeof KINDS)[number];

type ApiRecipient = { type: 'user'; username: string } | { type: 'team' | 'schedule'; name: string } | { type: 'none' };

interface ApiTeamBody {
  name: string;
  description: string;
  members: Array<{ user: { username: string }; role: string }>;
}

interface ApiRotationBody {
  name: string;
  startDate: string;
  endDate?: string;
  type: Rotation['type'];
  length: number;
  participants: ApiRecipient[];
  timeRestriction?: Rotation['timeRestriction'];
}

interface ApiScheduleBody {
  name: string;
  description: string;
  timezone: string;
  enabled: boolean;
  ownerTeam: { name: string };
  rotations: ApiRotationBody[];
}

interface ApiEscalationBody {
  name: string;
  description: string;
  ownerTeam: { name: string };
  rules: Array<{
    condition: string;
    notifyType: string;
    delay: { timeAmount: number; timeUnit: 'minutes' };
    recipient: ApiRecipient;
  }>;
  repeat?: NonNullable<Escalation['repeat']>;
}

interface ApiHeartbeatBody {
  name: string;
  description: string;
  interval: number;
  intervalUnit: Heartbeat['intervalUnit'];
  enabled: boolean;
  ownerTeam: { name: string };
  alertMessage: string;
  alertTags: string[];
  alertPriority: Heartbeat['alertPriority'];
}

interface ApiBodies {
  team: ApiTeamBody;
  schedule: ApiScheduleBody;
  escalation: ApiEscalationBody;
  heartbeat: ApiHeartbeatBody;
}

const managed = (description: string) => (description.trim() === '' ? MANAGED_MARK : `${description.trim()}\n\n${MANAGED_MARK}`);

function recipient(r: Participant | Recipient): ApiRecipient {
  if (r.type === 'user') return { type: 'user', username: r.username };
  if (r.type === 'none') return { type: 'none' };
  return { type: r.type, name: r.name };
}

function teamBody(team: Team): ApiTeamBody {
  return {
    name: team.name,
    description: managed(team.description),
    members: team.members.map((m) => ({ user: { username: m.username }, role: m.role })),
  };
}

function rotationBody(rotation: Rotation): ApiRotationBody {
  return {
    name: rotation.name,
    startDate: new Date(rotation.startDate).toISOString().replace('.000Z', 'Z'),
    ...(rotation.endDate === undefined ? {} : { endDate: new Date(rotation.endDate).toISOString().replace('.000Z', 'Z') }),
    type: rotation.type,
    length: rotation.length,
    participants: rotation.participants.map(recipient),
    ...(rotation.timeRestriction === undefined ? {} : { timeRestriction: rotation.timeRestriction }),
  };
}

function scheduleBody(schedule: Schedule): ApiScheduleBody {
  return {
    name: schedule.name,
    description: managed(schedule.description),
    timezone: schedule.timezone,
    enabled: schedule.enabled,
    ownerTeam: { name: schedule.ownerTeam },
    rotations: schedule.rotations.map(rotationBody),
  };
}

function escalationBody(escalation: Escalation): ApiEscalationBody {
  return {
    name: escalation.name,
    description: managed(escalation.description),
    ownerTeam: { name: escalation.ownerTeam },
    rules: escalation.rules.map((rule) => ({
      condition: rule.condition,
      notifyType: rule.notifyType,
      delay: { timeAmount: rule.delayMinutes, timeUnit: 'minutes' as const },
      recipient: recipient(rule.recipient),
    })),
    ...(escalation.repeat === undefined ? {} : { repeat: escalation.repeat }),
  };
}

function heartbeatBody(heartbeat: Heartbeat): ApiHeartbeatBody {
  return { ...heartbeat, description: managed(heartbeat.description), ownerTeam: { name: heartbeat.ownerTeam } };
}

/** Every body of a definition, by kind, in the definition's order. */
function apiBodies(onCall: OnCall): { [K in OnCallKind]: ApiBodies[K][] } {
  return {
    team: onCall.teams.map(teamBody),
    schedule: onCall.schedules.map(scheduleBody),
    escalation: onCall.escalations.map(escalationBody),
    heartbeat: onCall.heartbeats.map(heartbeatBody),
  };
}

export { KINDS as ON_CALL_KINDS, MANAGED_MARK, apiBodies, heartbeatBody };
export type { ApiBodies, ApiEscalationBody, ApiHeartbeatBody, ApiRecipient, ApiRotationBody, ApiScheduleBody, ApiTeamBody, OnCallKind };

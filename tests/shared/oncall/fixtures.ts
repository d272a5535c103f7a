import type { OnCallInput } from '../../../shared/oncall';

/** A small valid definition: one team, a 24/7 schedule of two, an escalation, a heartbeat. */
export function smallOnCall(): OnCallInput {
  return {
    users: [
      { username: 'a@x.example', fullName: 'A' },
      { username: 'b@x.example', fullName: 'B' },
    ],
    teams: [{ name: 'ops', description: 'Ops', members: [{ username: 'a@x.example' }, { username: 'b@x.example' }] }],
    schedules: [
      {
        name: 'ops-primary',
        description: 'Primary',
        timezone: 'UTC',
        ownerTeam: 'ops',
        rotations: [
          {
            name: 'weekly',
            type: 'weekly',
            startDate: '2026-11-30T00:00:00Z',
            participants: [
              { type: 'user', username: 'a@x.example' },
              { type: 'user', username: 'b@x.example' },
            ],
          },
        ],
      },
    ],
    escalations: [
      {
        name: 'ops-escalation',
        description: 'Escalation',
        ownerTeam: 'ops',
        rules: [
          { delayMinutes: 0, recipient: { type: 'schedule', name: 'ops-primary' } },
          { delayMinutes: 10, recipient: { type: 'team', name: 'ops' } },
        ],
      },
    ],
    heartbeats: [
      {
        name: 'hb',
        description: 'Heartbeat',
        interval: 15,
        intervalUnit: 'minutes',
        enabled: true,
        ownerTeam: 'ops',
        alertMessage: 'silent',
        alertTags: ['vigil'],
        alertPriority: 'P1',
      },
    ],
  };
}

import { z } from 'zod';

/**
 * The on-call definition Vigil keeps as code (infra/oncall/): people, teams, schedules with their rotations,
 * escalation policies and heartbeats, in the vocabulary of OpsGenie's configuration API (opsgenie/opsgenie-oas
 * swagger.json: CreateTeamPayload, CreateSchedulePayload, CreateScheduleRotationPayload, TimeRestrictionInterval,
 * CreateEscalationPayload, EscalationRule, CreateHeartbeatPayload), so that the API bodies are a projection of it
 * (apiBodies.ts). The schemas check each object's shape and the API's own limits; the rules between objects
 * (references, coverage, unique names) are validate.ts.
 */

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type Weekday = (typeof WEEKDAYS)[number];

const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;

const name = z.string().trim().min(1).max(100);
const hour = z.number().int().min(0).max(23);
const minute = z.number().int().min(0).max(59);

/** An OpsGenie user, by the username (an email address) the account knows it by. Users are invited, not created, by apply. */
const UserSchema = z.strictObject({ username: z.email(), fullName: z.string().min(1) });

const TeamSchema = z.strictObject({
  name,
  description: z.string().max(1_000),
  members: z.array(z.strictObject({ username: z.email(), role: z.enum(['admin', 'user']).default('user') })).min(1),
});

/** A rotation's participant: a user or team by name, or `none` (nobody on call for that turn: a gap). */
const ParticipantSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), username: z.email() }),
  z.strictObject({ type: z.literal('team'), name }),
  z.strictObject({ type: z.literal('none') }),
]);

/** Every day, start to end (an end at or before the start runs past midnight). */
const TimeOfDayRestrictionSchema = z.strictObject({
  type: z.literal('time-of-day'),
  restriction: z.strictObject({ startHour: hour, startMin: minute, endHour: hour, endMin: minute }),
});

/** From a weekday and time to another (one before the start wraps over the week's end); up to 15 intervals. */
const WeekdayRestrictionSchema = z.strictObject({
  type: z.literal('weekday-and-time-of-day'),
  restrictions: z
    .array(
      z.strictObject({
        startDay: z.enum(WEEKDAYS),
        startHour: hour,
        startMin: minute,
        endDay: z.enum(WEEKDAYS),
        endHour: hour,
        endMin: minute,
      }),
    )
    .min(1)
    .max(15),
});

/** OpsGenie snaps a rotation's start and end minutes to :00 or :30; Vigil asks for them exactly. */
const rotationTime = z.iso
  .datetime({ offset: true })
  .refine((s) => [0, 30].includes(new Date(s).getUTCMinutes()) && new Date(s).getUTCSeconds() === 0, {
    message: 'minutes must be :00 or :30 and seconds 0 (OpsGenie snaps other values)',
  });

const RotationSchema = z.strictObject({
  name,
  type: z.enum(['hourly', 'daily', 'weekly']),
  /** Turns last `length` hours, days or weeks. */
  length: z.number().int().min(1).default(1),
  startDate: rotationTime,
  endDate: rotationTime.optional(),
  participants: z.array(ParticipantSchema).min(1),
  timeRestriction: z.discriminatedUnion('type', [TimeOfDayRestrictionSchema, WeekdayRestrictionSchema]).optional(),
});

const ScheduleSchema = z.strictObject({
  name,
  description: z.string().max(1_000),
  /** IANA time zone the rotations and restrictions are written in. */
  timezone: z.string().refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not an IANA time zone' },
  ),
  enabled: z.boolean().default(true),
  ownerTeam: name,
  rotations: z.array(RotationSchema).min(1),
});

const RecipientSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('schedule'), name }),
  z.strictObject({ type: z.literal('team'), name }),
  z.strictObject({ type: z.literal('user'), username: z.email() }),
]);

const EscalationRuleSchema = z.strictObject({
  condition: z.enum(['if-not-acked', 'if-not-closed']).default('if-not-acked'),
  notifyType: z.enum(['default', 'next', 'previous', 'users', 'admins', 'all']).default('default'),
  /** Minutes after the alert is created (not after the previous rule). */
  delayMinutes: z.number().int().min(0),
  recipient: RecipientSchema,
});

const EscalationSchema = z.strictObject({
  name,
  description: z.string().max(1_000),
  ownerTeam: name,
  rules: z.array(EscalationRuleSchema).min(1),
  repeat: z
    .strictObject({
      waitInterval: z.number().int().min(0),
      count: z.number().int().min(1).max(20),
      resetRecipientStates: z.boolean(),
      closeAlertAfterAll: z.boolean(),
    })
    .optional(),
});

/** CreateHeartbeatPayload, with the limits the spec gives (name 200, description 10,000, message 130, tags 20 × 50). */
const HeartbeatSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000),
  interval: z.number().int().min(1),
  intervalUnit: z.enum(['minutes', 'hours', 'days']),
  enabled: z.boolean(),
  ownerTeam: name,
  alertMessage: z.string().min(1).max(130),
  alertTags: z.array(z.string().min(1).max(50)).max(20),
  alertPriority: z.enum(PRIORITIES),
});

const OnCallSchema = z.strictObject({
  users: z.array(UserSchema).min(1),
  teams: z.array(TeamSchema).min(1),
  schedules: z.array(ScheduleSchema),
  escalations: z.array(EscalationSchema),
  heartbeats: z.array(HeartbeatSchema),
});

type OnCall = z.infer<typeof OnCallSchema>;
type OnCallInput = z.input<typeof OnCallSchema>;
type User = z.infer<typeof UserSchema>;
type Team = z.infer<typeof TeamSchema>;
type Participant = z.infer<typeof ParticipantSchema>;
type Rotation = z.infer<typeof RotationSchema>;
type TimeRestriction = NonNullable<Rotation['timeRestriction']>;
type Schedule = z.infer<typeof ScheduleSchema>;
type Recipient = z.infer<typeof RecipientSchema>;
type EscalationRule = z.infer<typeof EscalationRuleSchema>;
type Escalation = z.infer<typeof EscalationSchema>;
type Heartbeat = z.infer<typeof HeartbeatSchema>;

export { HeartbeatSchema, OnCallSchema, WEEKDAYS };
export type {
  Escalation,
  EscalationRule,
  Heartbeat,
  OnCall,
  OnCallInput,
  Participant,
  Recipient,
  Rotation,
  Schedule,
  Team,
  TimeRestriction,
  User,
  Weekday,
};

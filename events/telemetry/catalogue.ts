import type { AppEventKind } from './envelope';
import { type DataClass, type EnumValue, field, type FieldSpec, required } from './fields';
import { HANDLED_PATH, SENTRY_EVENT_FIELDS } from './sentryException';

/** A rule over several values of one event, beyond what one field says. */
export interface EventRule {
  readonly id: string;
  readonly description: string;
  /** A spec path (`[]` for every item of an array). */
  readonly field: string;
  /** some: at least one value at `field` equals `equals`; none: no value does. */
  readonly quantifier: 'some' | 'none';
  readonly equals: EnumValue;
}

export interface EventDefinition {
  readonly name: string;
  readonly kind: AppEventKind;
  readonly version: number;
  /** superseded: kept for clients still sending it (schemaVersion 1 batches, or `version` named). */
  readonly status: 'current' | 'superseded';
  readonly description: string;
  /** When the app sends it. */
  readonly trigger: string;
  /** Event-level fields beyond those every event has (a crash's exception). */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly properties: Readonly<Record<string, FieldSpec>>;
  readonly rules: readonly EventRule[];
}

type Definition = Omit<EventDefinition, 'fields' | 'rules' | 'status'> & Partial<Pick<EventDefinition, 'fields' | 'rules' | 'status'>>;

const define = (d: Definition): EventDefinition => ({ status: 'current', fields: {}, rules: [], ...d });

// ---- shared property shapes ----
const SCREEN = '^[A-Za-z0-9_./{}:-]{1,100}$';
const ROUTE = '^/[A-Za-z0-9_./{}:-]{0,199}$';
const KEY = '^[a-z][a-z0-9_]{0,63}$';
const screen = (description: string) =>
  field('string', 'Internal', description, { pattern: SCREEN, maxLength: 100, examples: ['home', '/payees/{id}'] });
const route = (description: string) =>
  field('string', 'Internal', description, { pattern: ROUTE, maxLength: 200, examples: ['/v2/transfers', '/v2/cards/{id}/freeze'] });
const key = (classification: DataClass, description: string, examples: string[]) =>
  field('string', classification, description, { pattern: KEY, maxLength: 64, examples });
const millis = (description: string, maximum = 600_000) => field('integer', 'Internal', description, { minimum: 0, maximum });
const experimentKey = required(key('Internal', 'The experiment (its key in the experiment catalogue).', ['onboarding_checklist_v3']));
const variant = required(key('Internal', 'The variant the unit is assigned to (control, treatment, ...).', ['control', 'treatment']));
const assignmentUnit = required(
  field('string', 'Internal', 'What the assignment hashes: the user, the device or the session.', { enum: ['user', 'device', 'session'] }),
);

// ---- crash and error events: Sentry's exception interface ----
const { exception, threads, fingerprint, platform } = SENTRY_EVENT_FIELDS;
const crashFields = { exception: required(exception), threads, fingerprint, platform };
const unhandled: EventRule = {
  id: 'crash-is-unhandled',
  description: 'A crash carries an exception the app did not handle: at least one mechanism.handled is false.',
  field: HANDLED_PATH,
  quantifier: 'some',
  equals: false,
};
const handled: EventRule = {
  id: 'error-is-handled',
  description: 'An error was handled: no mechanism.handled is false (an unhandled one is a crash event).',
  field: HANDLED_PATH,
  quantifier: 'none',
  equals: false,
};
const foreground = field('boolean', 'Internal', 'True when the app was in the foreground.');

/**
 * Every event the apps send: the Mobile Telemetry Spec (docs/telemetry-spec.md is generated from it).
 * Adding an event is adding an entry; changing one incompatibly is a new version of it, the old one
 * kept as superseded while clients in the field still send it.
 */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = [
  // ---- screen views ----
  define({
    name: 'screen_view',
    kind: 'screen_view',
    version: 1,
    description: 'A screen (native) or a route (web) was shown.',
    trigger: 'Each time a screen appears (viewDidAppear, a Compose destination, a router navigation), after it is drawn.',
    properties: {
      screen: required(screen('The screen name or route template (/payees/{id}): never an id or a query string.')),
      previousScreen: { ...screen('The screen before it; null on the first screen of a session.'), nullable: true },
    },
  }),

  // ---- user actions ----
  define({
    name: 'transfer_started',
    kind: 'action',
    version: 1,
    description: 'The user started a money transfer.',
    trigger: 'When the user confirms the amount screen of a transfer (before review).',
    properties: {
      amountBucket: required(
        field('string', 'Confidential', 'The amount, bucketed (never the amount itself).', {
          enum: ['0-100', '100-500', '500-1000', '1000-5000', '5000+'],
        }),
      ),
      currency: required(
        field('string', 'Internal', 'ISO 4217 currency code.', { pattern: '^[A-Z]{3}$', maxLength: 3, examples: ['EUR', 'GBP'] }),
      ),
      payeeSaved: required(field('boolean', 'Internal', 'True when the payee is a saved one.')),
    },
  }),
  define({
    name: 'card_freeze_toggled',
    kind: 'action',
    version: 1,
    description: 'The user froze or unfroze a card.',
    trigger: 'When the backend confirms the freeze switch change.',
    properties: { enabled: required(field('boolean', 'Internal', 'True when the card is now frozen.')) },
  }),
  define({
    name: 'payee_add_started',
    kind: 'action',
    version: 1,
    description: 'The user began adding a payee.',
    trigger: 'When the add-payee form opens.',
    properties: {
      payeeType: required(field('string', 'Internal', 'The kind of account details.', { enum: ['iban', 'sort_code', 'card'] })),
      source: required(field('string', 'Internal', 'Where the details come from.', { enum: ['manual', 'contacts', 'qr_code', 'paste'] })),
    },
  }),

  // ---- performance and latency (the client-observed latency SLO reads api_request) ----
  define({
    name: 'app_start',
    kind: 'perf',
    version: 1,
    description: 'How long the app took to start.',
    trigger: 'Once per process start, when the first screen is drawn.',
    properties: {
      durationMs: required(millis('From process start (or resume) to the first frame, in milliseconds.')),
      startType: required(
        field('string', 'Internal', 'cold: new process; warm: process alive; hot: resumed.', { enum: ['cold', 'warm', 'hot'] }),
      ),
    },
  }),
  define({
    name: 'api_request',
    kind: 'perf',
    version: 1,
    description: 'One backend call as the client saw it: the latency SLI.',
    trigger: 'When a backend API call completes, succeeded or failed (one per attempt).',
    properties: {
      route: required(route('The route template (/v2/transfers/{id}): never an id or a query string.')),
      method: required(field('string', 'Internal', 'HTTP method.', { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] })),
      status: required(field('integer', 'Internal', 'HTTP status; 0 when no response arrived.', { minimum: 0, maximum: 599 })),
      durationMs: required(millis('From the request sent to the response read, in milliseconds.')),
    },
  }),
  define({
    name: 'page_load',
    kind: 'perf',
    version: 1,
    description: 'Core Web Vitals of a page load (web).',
    trigger: 'When the page is hidden or unloaded after a load (the web-vitals library reports then).',
    properties: {
      route: required(route('The route template.')),
      lcpMs: required(millis('Largest Contentful Paint, in milliseconds.')),
      ttfbMs: required(millis('Time to first byte, in milliseconds.')),
      fcpMs: millis('First Contentful Paint, in milliseconds.'),
      inpMs: millis('Interaction to Next Paint, in milliseconds.'),
    },
  }),

  // ---- errors and crashes ----
  define({
    name: 'app_error',
    kind: 'error',
    version: 1,
    description: 'A handled exception the app reported, with its stack (Sentry captureException).',
    trigger: 'When app code catches an exception and reports it (captureException, captureError).',
    fields: crashFields,
    properties: { screen: screen('The screen shown when it happened.'), foreground },
    rules: [handled],
  }),
  define({
    name: 'network_error',
    kind: 'error',
    version: 1,
    description: 'A backend call failed at the network level (no usable response).',
    trigger: 'When a call fails for good (after its retries): timeout, DNS, TLS, connection lost.',
    properties: {
      route: required(route('The route template.')),
      errorCode: required(
        field('string', 'Internal', 'The client error code (ETIMEDOUT, ENOTFOUND, ...).', {
          pattern: '^[A-Z][A-Z0-9_]{1,39}$',
          maxLength: 40,
          examples: ['ETIMEDOUT', 'ENOTFOUND'],
        }),
      ),
      handled: field('boolean', 'Internal', 'Always true: a network error is handled (a crash is an app_crash).', { enum: [true] }),
      retryCount: field('integer', 'Internal', 'Retries made before giving up.', { minimum: 0, maximum: 10 }),
    },
  }),
  define({
    name: 'form_validation_error',
    kind: 'error',
    version: 1,
    description: 'A form refused what the user typed.',
    trigger: 'When a form shows a validation message.',
    properties: {
      form: required(key('Internal', 'The form.', ['payee_add'])),
      field: required(
        field('string', 'Internal', 'The form field (its name, never its content).', {
          pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$',
          maxLength: 64,
          examples: ['payeeName'],
        }),
      ),
      message: field('string', 'Confidential', 'The message shown (may quote the input: the PII guard reads it).', { maxLength: 500 }),
    },
  }),
  define({
    name: 'app_crash',
    kind: 'crash',
    version: 2,
    description: 'The app terminated on an unhandled exception, signal or Mach exception, with its stack.',
    trigger: 'At the next launch after the crash: the crash report the SDK wrote is sent then.',
    fields: crashFields,
    properties: { screen: screen('The screen shown when it crashed.'), foreground },
    rules: [unhandled],
  }),
  define({
    name: 'app_crash',
    kind: 'crash',
    version: 1,
    status: 'superseded',
    description: 'A crash as schemaVersion 1 clients report it: flat properties, no stack.',
    trigger: 'At the next launch after the crash (app releases before the structured crash report).',
    properties: {
      exceptionType: required(
        field('string', 'Internal', 'Exception type, signal or Mach exception name.', { minLength: 1, maxLength: 256 }),
      ),
      exceptionMessage: field('string', 'Confidential', 'The exception message.', { maxLength: 1024 }),
      signal: field('string', 'Internal', 'POSIX signal name.', { pattern: '^SIG[A-Z0-9]{2,10}$', maxLength: 13, examples: ['SIGSEGV'] }),
      fingerprint: required(
        field('string', 'Internal', "The client's grouping hash (SHA-1 hex).", {
          pattern: '^[0-9a-f]{40}$',
          maxLength: 40,
          examples: ['b21ee92b10bf5513ab14d7b35505d5007d8fa66e'],
        }),
      ),
      topFrame: field('string', 'Confidential', 'The frame that raised it, as text.', { maxLength: 1024 }),
      handled: required(field('boolean', 'Internal', 'Always false: a crash is unhandled.', { enum: [false] })),
      foreground,
    },
  }),

  // ---- experiments ----
  define({
    name: 'experiment_exposure',
    kind: 'experiment_exposure',
    version: 1,
    description: 'A unit saw an experiment variant: analysis starts at the first exposure.',
    trigger: 'When the app reads an assignment and shows the variant (once per experiment and session).',
    properties: { experimentKey, variant, assignmentUnit },
  }),
  define({
    name: 'experiment_conversion',
    kind: 'conversion',
    version: 1,
    description: "A unit reached an experiment's goal.",
    trigger: 'When the goal the experiment measures happens (the first time per session), after an exposure.',
    properties: {
      experimentKey,
      variant,
      assignmentUnit,
      goal: required(key('Internal', 'The goal reached (onboarding_completed, transfer_completed, ...).', ['onboarding_completed'])),
      value: field('number', 'Confidential', 'The goal value, for value metrics (never an amount of money in clear).', {
        minimum: 0,
        maximum: 1_000_000_000,
      }),
    },
  }),

  // ---- feedback ----
  define({
    name: 'app_rating',
    kind: 'feedback',
    version: 1,
    description: 'The user rated the app.',
    trigger: 'When the user answers the in-app rating prompt (not the store review sheet).',
    properties: {
      rating: required(field('integer', 'Internal', 'Stars, 1 to 5.', { minimum: 1, maximum: 5 })),
      promptLocation: screen('Where the prompt was shown.'),
    },
  }),
  define({
    name: 'nps_response',
    kind: 'feedback',
    version: 1,
    description: 'A Net Promoter Score survey answer.',
    trigger: 'When the user submits the NPS survey.',
    properties: {
      surveyId: required(key('Internal', 'The survey.', ['nps_2026_q4'])),
      score: required(field('integer', 'Internal', 'How likely the user is to recommend the app, 0 to 10.', { minimum: 0, maximum: 10 })),
      comment: field('string', 'Restricted', 'What the user wrote with the score: free text, may hold anything.', {
        minLength: 1,
        maxLength: 1000,
      }),
    },
  }),
  define({
    name: 'feedback_submitted',
    kind: 'feedback',
    version: 1,
    description: 'The user sent free-text feedback (the in-app feedback form).',
    trigger: 'When the user submits the feedback form.',
    properties: {
      message: required(
        field('string', 'Restricted', 'What the user wrote: free text, may hold anything.', { minLength: 1, maxLength: 4096 }),
      ),
      category: field('string', 'Internal', 'What the user said it is about.', { enum: ['bug', 'idea', 'praise', 'other'] }),
      rating: field('integer', 'Internal', 'Stars given with it, 1 to 5.', { minimum: 1, maximum: 5 }),
      screen: screen('The screen the form was opened from.'),
      associatedEventId: field('string', 'Internal', 'The crash or error event it is about.', { format: 'uuid' }),
      replayId: field('string', 'Internal', 'The session recording it is about.', {
        pattern: '^[0-9a-f]{32}$',
        maxLength: 32,
        examples: ['4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a'],
      }),
    },
  }),

  // ---- session recording (metadata only: the recording stays in the recording store) ----
  define({
    name: 'session_recording',
    kind: 'session_recording',
    version: 1,
    description: 'Metadata of one segment of a session recording, and the privacy settings it was recorded under.',
    trigger: 'When a recording segment is uploaded to the recording store (every 5 s in session mode, on flush in buffer mode).',
    properties: {
      replayId: required(
        field('string', 'Internal', 'The recording (32 hex characters, as Sentry replay ids).', {
          pattern: '^[0-9a-f]{32}$',
          maxLength: 32,
          examples: ['4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a'],
        }),
      ),
      replayType: required(
        field('string', 'Internal', 'session: recorded throughout; buffer: kept around an error.', { enum: ['session', 'buffer'] }),
      ),
      segmentId: required(field('integer', 'Internal', 'The segment number, from 0.', { minimum: 0, maximum: 100_000 })),
      durationMs: required(millis('How long the segment lasts, in milliseconds.', 3_600_000)),
      recordingRef: required(
        field('string', 'Internal', 'Where the segment is stored: a pointer, never the content.', {
          pattern: '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9!_.*()/-]{1,900}$',
          maxLength: 1024,
          examples: ['s3://vigil-prod-recordings/replays/2026/11/20/4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a/0'],
        }),
      ),
      consentGiven: required(field('boolean', 'Internal', 'The user agreed to be recorded.', { enum: [true], enforce: 'always' })),
      maskAllText: required(field('boolean', 'Internal', 'Every text is masked in the recording.', { enum: [true], enforce: 'always' })),
      maskAllInputs: required(field('boolean', 'Internal', 'Every input is masked in the recording.', { enum: [true], enforce: 'always' })),
      blockAllMedia: required(field('boolean', 'Internal', 'Images and video are replaced by placeholders.')),
      screenCount: field('integer', 'Internal', 'Screens shown in the segment.', { minimum: 0, maximum: 10_000 }),
    },
  }),

  // ---- data export ----
  define({
    name: 'statement_exported',
    kind: 'data_export',
    version: 1,
    description: 'The user exported account data.',
    trigger: 'When the export file is ready and handed to the user (download, share sheet).',
    properties: {
      dataset: required(field('string', 'Internal', 'What was exported.', { enum: ['transactions', 'statements', 'payees', 'profile'] })),
      format: required(field('string', 'Internal', 'File format.', { enum: ['csv', 'pdf', 'ofx', 'json'] })),
      recordCount: required(field('integer', 'Internal', 'Records exported.', { minimum: 0, maximum: 1_000_000 })),
      dateRangeDays: field('integer', 'Internal', 'Days the export covers.', { minimum: 1, maximum: 3660 }),
    },
  }),
];

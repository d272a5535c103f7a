/**
 * Errors of on-call as code. Branch on the class, never on the message. Messages name teams, schedules,
 * escalations and heartbeats, never an API key (it travels only in the Authorization header).
 */
export class OnCallError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OnCallError';
  }
}

/** The definition in infra/oncall/ breaks a rule (validate.ts): every problem is listed, nothing is sent. */
export class OnCallValidationError extends OnCallError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(`the on-call definition has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.name = 'OnCallValidationError';
    this.problems = problems;
  }
}

/** The OpsGenie configuration API refused a request, or stayed unreachable past the retry budget. */
export class OnCallApiError extends OnCallError {
  readonly status?: number;
  readonly method: string;
  readonly path: string;
  /** Attempts made (retries included). */
  readonly attempts: number;

  constructor(message: string, options: ErrorOptions & { method: string; path: string; status?: number; attempts?: number }) {
    super(message, options);
    this.name = 'OnCallApiError';
    this.method = options.method;
    this.path = options.path;
    this.attempts = options.attempts ?? 0;
    if (options.status !== undefined) this.status = options.status;
  }
}

/** What cannot be managed where the configuration points (Jira Service Management's ops API, say). */
export class OnCallUnsupportedError extends OnCallError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OnCallUnsupportedError';
  }
}

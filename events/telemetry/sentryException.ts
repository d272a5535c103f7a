import { type DataClass, DEFAULT_RETENTION_DAYS, field, type FieldSpec, required } from './fields';

/*
 * The structured crash fields of crash and error events (schemaVersion 2): Sentry's exception
 * interface field for field, so a Sentry SDK's `exception` (and `threads`, `fingerprint`, `platform`)
 * maps over unchanged.
 *
 *   exception.values[]   chained exceptions, oldest (the root cause) first, the one thrown last
 *     type, value        at least one of them
 *     module, thread_id
 *     mechanism          {type, handled, ...}: handled false is a crash, true a handled error
 *     stacktrace.frames  caller to callee (oldest first): the last frame raised it
 *   threads.values[]     the threads, when the SDK puts the stack there (Cocoa, Android ANRs): the
 *                        crashed one has `crashed: true`, and exception.thread_id names it
 *
 * What real SDKs send beyond the grouping fields is accepted and classified: source context
 * (`context_line`, `pre_context`, `post_context`) and absolute paths are Confidential (they may quote
 * a user's data or home folder), `mechanism.data` and registers Confidential, local variables
 * (`vars`) Restricted. Grouping needs none of those: it uses type, value, module, function, filename,
 * in_app and the mechanism's meta (an NSError's domain and code). Optional fields may be null, as SDKs
 * write fields they do not know.
 */

/** Crash data is kept 90 days (what crash reporters keep), Restricted parts no longer than their class. */
export const CRASH_RETENTION_DAYS = 90;

/** Sentry's `platform` values. */
export const SENTRY_PLATFORMS = [
  'as3',
  'c',
  'cfml',
  'cocoa',
  'csharp',
  'elixir',
  'haskell',
  'go',
  'groovy',
  'java',
  'javascript',
  'native',
  'node',
  'objc',
  'other',
  'perl',
  'php',
  'python',
  'ruby',
] as const;

const ADDRESS = '^0x[0-9a-fA-F]{1,16}$';

/** A field of the crash structures: optional and nullable unless told, kept CRASH_RETENTION_DAYS at most. */
const crash = (
  type: FieldSpec['type'],
  classification: DataClass,
  description: string,
  options: Parameters<typeof field>[3] = {},
): FieldSpec =>
  field(type, classification, description, {
    nullable: true,
    retentionDays: Math.min(CRASH_RETENTION_DAYS, DEFAULT_RETENTION_DAYS[classification]),
    ...options,
  });

const text = (classification: DataClass, description: string, maxLength: number) =>
  crash('string', classification, description, { maxLength });
const line = (description: string) => crash('integer', 'Internal', description, { minimum: 0, maximum: 10_000_000 });
const address = (description: string) => crash('string', 'Internal', description, { pattern: ADDRESS, examples: ['0x0000000104ae3f58'] });
const flag = (description: string) => crash('boolean', 'Internal', description);
const sourceLines = (description: string) =>
  crash('array', 'Confidential', description, { maxItems: 20, items: text('Confidential', 'One line of source.', 4096) });
/** A free-form object: its whole value is one field of its class. */
const map = (classification: DataClass, description: string) => crash('object', classification, description);

const frame = crash('object', 'Internal', 'One stack frame.', {
  nullable: false,
  requiredAnyOf: ['filename', 'function', 'instruction_addr'],
  fields: {
    function: text('Internal', 'Function or method name ("?" when the SDK could not tell).', 2048),
    raw_function: text('Internal', 'The function name before demangling or trimming.', 2048),
    symbol: text('Internal', 'The mangled symbol.', 2048),
    module: text('Internal', 'Module, package or class path (Java package, Python module, Go import path).', 1024),
    filename: text('Internal', 'File name or path relative to the project (grouping uses it, normalised).', 2048),
    abs_path: text('Confidential', 'Absolute path or URL of the file (may name a home folder or carry a query string).', 4096),
    lineno: line('Line number (1-based; 0 when unknown).'),
    colno: line('Column number (1-based; 0 when unknown).'),
    in_app: flag("True for the application's own code, false for the SDK, the platform and third-party libraries."),
    package: text('Internal', 'The binary image or package (an iOS dylib path, a jar).', 2048),
    platform: crash('string', 'Internal', 'Platform of this frame in a mixed stack (React Native).', { enum: SENTRY_PLATFORMS }),
    instruction_addr: address('Instruction address (native frames).'),
    symbol_addr: address('Start address of the function (native frames).'),
    image_addr: address('Load address of the binary image (native frames).'),
    addr_mode: text('Internal', 'How addresses are to be read (abs, rel:N).', 64),
    native: flag('True for a native frame in a managed stack (Java SDK).'),
    stack_start: flag('Marks the start of an async stack.'),
    context_line: text('Confidential', 'The source line of the frame.', 4096),
    pre_context: sourceLines('Source lines before the frame (about 5).'),
    post_context: sourceLines('Source lines after the frame (about 5).'),
    source_link: text('Internal', 'A link to the source (repository URL).', 4096),
    vars: map('Restricted', 'Local variables at the frame: may hold anything the code held.'),
    lock: map('Internal', 'A lock the thread waits on (Android ANRs).'),
  },
});

const stacktrace = crash('object', 'Internal', 'A stack trace.', {
  fields: {
    frames: required(
      crash('array', 'Internal', 'The frames, caller to callee: the last raised.', {
        nullable: false,
        minItems: 1,
        maxItems: 500,
        items: frame,
      }),
    ),
    registers: map('Confidential', 'Register values of the last frame.'),
    snapshot: flag('True when the stack was taken at another moment than the crash (a watchdog).'),
    lang: text('Internal', 'The language of the frames.', 64),
  },
});

const mechanism = crash('object', 'Internal', 'How the exception was captured.', {
  fields: {
    type: required(
      text('Internal', 'The capture mechanism: generic, onerror, UncaughtExceptionHandler, NSError, mach, signal, chained...', 128),
    ),
    handled: flag('False when the app did not handle it (a crash); true when it was caught and reported (an error).'),
    synthetic: flag('True when the exception was made up by the SDK (a signal has no exception object).'),
    description: text('Confidential', 'Free-form text about the mechanism.', 8192),
    help_link: crash('string', 'Internal', 'A link to documentation on the error.', { format: 'uri', maxLength: 4096 }),
    source: text('Internal', 'Where a chained exception comes from (cause, __context__, errors[0]).', 128),
    is_exception_group: flag('True for an exception group (Python ExceptionGroup, JS AggregateError).'),
    exception_id: crash('integer', 'Internal', 'Id of this exception in a chain.', { minimum: 0, maximum: 100_000 }),
    parent_id: crash('integer', 'Internal', 'Id of the exception it is linked from.', { minimum: 0, maximum: 100_000 }),
    data: map('Confidential', 'Arbitrary data the SDK adds (relevant_address, a signal handler name...).'),
    meta: crash('object', 'Internal', 'Operating-system error information (what groups an NSError: its domain and code).', {
      additionalProperties: true,
      fields: {
        signal: crash('object', 'Internal', 'POSIX signal.', {
          fields: {
            number: crash('integer', 'Internal', 'Signal number.'),
            code: crash('integer', 'Internal', 'Signal code.'),
            name: text('Internal', 'Signal name (SIGSEGV).', 64),
            code_name: text('Internal', 'Signal code name (SEGV_MAPERR).', 64),
          },
        }),
        mach_exception: crash('object', 'Internal', 'Mach exception (Apple platforms).', {
          fields: {
            exception: crash('integer', 'Internal', 'Exception number.'),
            code: crash('integer', 'Internal', 'Exception code.'),
            subcode: crash('integer', 'Internal', 'Exception subcode.'),
            name: text('Internal', 'Exception name (EXC_BAD_ACCESS).', 64),
          },
        }),
        ns_error: crash('object', 'Internal', 'NSError (Apple platforms).', {
          fields: {
            code: required(crash('integer', 'Internal', 'Error code.', { nullable: false })),
            domain: text('Internal', 'Error domain (NSURLErrorDomain).', 256),
          },
        }),
        errno: crash('object', 'Internal', 'C errno.', {
          fields: { number: crash('integer', 'Internal', 'Error number.'), name: text('Internal', 'Error name (ENOENT).', 64) },
        }),
      },
    }),
  },
});

const exceptionValue = crash('object', 'Internal', 'One exception of the chain.', {
  nullable: false,
  requiredAnyOf: ['type', 'value'],
  fields: {
    type: text('Internal', 'Exception type or class (IllegalStateException, TypeError, NSURLErrorDomain).', 512),
    value: text('Confidential', 'The exception message (may quote data: the PII guard reads it).', 8192),
    module: text('Internal', 'Module or package of the type (java.lang).', 1024),
    thread_id: crash(['integer', 'string'], 'Internal', 'The thread (threads.values[].id) that raised it.', { maxLength: 128 }),
    mechanism,
    stacktrace,
  },
});

const thread = crash('object', 'Internal', 'One thread.', {
  nullable: false,
  fields: {
    id: crash(['integer', 'string'], 'Internal', 'Thread id.', { maxLength: 128 }),
    name: text('Internal', 'Thread name.', 256),
    crashed: flag('True for the thread that crashed.'),
    current: flag('True for the thread that was running.'),
    main: flag('True for the main (UI) thread.'),
    state: text('Internal', 'Thread state (RUNNABLE, BLOCKED: Android ANRs).', 64),
    held_locks: map('Internal', 'Locks the thread holds.'),
    stacktrace,
  },
});

/** The event-level fields of crash and error events, keyed as a Sentry event names them. */
export const SENTRY_EVENT_FIELDS = {
  exception: crash('object', 'Internal', "Sentry's exception interface: the exception and its chain.", {
    nullable: false,
    sinceSchemaVersion: 2,
    fields: {
      values: required(
        crash('array', 'Internal', 'Chained exceptions, oldest (the root cause) first.', {
          nullable: false,
          minItems: 1,
          maxItems: 50,
          items: exceptionValue,
        }),
      ),
    },
  }),
  threads: crash('object', 'Internal', "Sentry's threads interface: where SDKs put the stack when it is a thread's.", {
    sinceSchemaVersion: 2,
    fields: {
      values: required(crash('array', 'Internal', 'The threads.', { nullable: false, minItems: 1, maxItems: 500, items: thread })),
    },
  }),
  fingerprint: crash('array', 'Internal', 'Grouping override, as Sentry takes it ("{{ default }}" stands for the default grouping).', {
    sinceSchemaVersion: 2,
    minItems: 1,
    maxItems: 20,
    items: crash('string', 'Internal', 'One fingerprint part.', { nullable: false, minLength: 1, maxLength: 512 }),
  }),
  platform: crash('string', 'Internal', 'The SDK platform, as Sentry names it (cocoa, java, javascript, go, python...).', {
    sinceSchemaVersion: 2,
    enum: SENTRY_PLATFORMS,
  }),
} satisfies Record<string, FieldSpec>;

/** Where a crash's handledness is, as a spec path (for the crash and error rules). */
export const HANDLED_PATH = 'exception.values[].mechanism.handled';

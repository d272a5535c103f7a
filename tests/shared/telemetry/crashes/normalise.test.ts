import {
  crashTitle,
  isCrash,
  isInAppFrame,
  normaliseFilename,
  normaliseFunctionName,
  normaliseMessage,
  normaliseModule,
  platformFamily,
} from '../../../../shared/telemetry/crashes';

test.each([
  ['Object.formatExpiry', 'formatExpiry'],
  ['Test.baz', 'baz'],
  ['async CardDetails.loadCard', 'loadCard'],
  ['new CardStore', 'CardStore'],
  ['at Object.foo [as bar]', 'foo'],
  ['qux/<', undefined],
  ['qux/</<', undefined],
  ['outer/inner', 'inner'],
  ['handler<', 'handler'],
  ['async*onFreezeClick', 'onFreezeClick'],
  ['?', undefined],
  ['global code', undefined],
  ['Object.<anonymous>', undefined],
  ['<anonymous>', undefined],
  ['', undefined],
])('JavaScript function %p is grouped as %p', (raw, expected) => {
  expect(normaliseFunctionName(raw, 'javascript')).toBe(expected);
});

test('other platforms keep their names; Java lambdas and synthetic classes numbered per build are made constant', () => {
  expect(normaliseFunctionName('LoginViewController.passkeyPromptDidFinish(_:)', 'cocoa')).toBe(
    'LoginViewController.passkeyPromptDidFinish(_:)',
  );
  expect(normaliseFunctionName('(*Handler).List', 'go')).toBe('(*Handler).List');
  expect(normaliseFunctionName('lambda$bind$0', 'java')).toBe(normaliseFunctionName('lambda$bind$3', 'java'));
  expect(normaliseModule('com.example.Card$onCreate$1', 'java')).toBe('com.example.Card$onCreate$');
  expect(normaliseModule('com.example.Card$$Lambda$12/0x0000000800c0b840', 'java')).toBe('com.example.Card$$Lambda');
  expect(normaliseFunctionName('0x0000000104ae3f58', 'native')).toBeUndefined();
});

test.each([
  ['https://app.vigilbank.example/static/js/main.8f3c2a1b.js', 'static/js/main.<hash>.js'],
  ['https://cdn.vigilbank.example/static/js/main.1d9e0f7c.js?v=4.13.0#x', 'static/js/main.<hash>.js'],
  ['http://localhost:3000/assets/index-BxK3f9aQ.js:12:345', 'assets/index-<hash>.js'],
  ['webpack://vigil-web/./src/cards/CardDetails.tsx', 'src/cards/CardDetails.tsx'],
  ['app:///index.android.bundle', 'index.android.bundle'],
  ['./src/app.ts', 'src/app.ts'],
  ['webpack://vigil-web/src/cards/CardDetails.tsx', 'src/cards/CardDetails.tsx'],
  ['ViewController2.swift', 'ViewController2.swift'],
  ['4f2c1d3e9a.chunk.js', '<hash>.chunk.js'],
  ['/private/var/containers/Bundle/Application/0B2D7C44-9E1A-4F3B-A6D2-5C8E1F0A7B93/VigilBank.app/VigilBank', undefined],
])('file %p is grouped as %p', (raw, expected) => {
  const normalised = normaliseFilename(raw);
  if (expected === undefined) expect(normalised).toBe('private/var/containers/Bundle/Application/<uuid>/VigilBank.app/VigilBank');
  else expect(normalised).toBe(expected);
});

test.each([
  [{ module: 'java.lang.Thread', function: 'run', in_app: true }, 'java', false],
  [{ module: 'kotlinx.coroutines.DispatchedTask', function: 'run' }, 'java', false],
  [{ module: 'com.example.vigilbank.cards.CardRepository', function: 'requireCard' }, 'java', true],
  [{ module: 'com.example.vigilbank.cards.CardRepository', function: 'requireCard', in_app: false }, 'java', false],
  [{ filename: 'https://x.example/node_modules/react-dom/cjs/react-dom.js', function: 'a' }, 'javascript', false],
  [{ filename: 'https://x.example/static/js/main.js', function: 'a' }, 'javascript', true],
  [{ filename: '[native code]', function: 'map' }, 'javascript', false],
  [{ package: '/usr/lib/system/libsystem_kernel.dylib', function: '__pthread_kill' }, 'cocoa', false],
  [{ package: '/System/Library/Frameworks/Foundation.framework/Foundation', function: 'x' }, 'cocoa', false],
  [
    { package: '/private/var/containers/Bundle/Application/X/VigilBank.app/Frameworks/Sentry.framework/Sentry', function: 'x' },
    'cocoa',
    false,
  ],
  [{ function: '-[RCTCxxBridge _handleError:]', package: '/private/var/App.app/App', in_app: true }, 'cocoa', false],
  [{ module: 'runtime', function: 'gopanic' }, 'go', false],
  [{ module: 'net/http', function: 'serverHandler.ServeHTTP' }, 'go', false],
  [{ module: 'main', function: 'handler' }, 'go', true],
  [{ module: 'github.com/vigilbank/ledger/internal/api', function: 'List' }, 'go', true],
  [{ module: 'x', abs_path: '/go/pkg/mod/github.com/go-chi/chi/v5@v5.0.12/mux.go' }, 'go', false],
  [{ module: 'flask.app', abs_path: '/usr/local/lib/python3.12/site-packages/flask/app.py' }, 'python', false],
  [{ module: 'sentry_sdk.integrations.flask', function: 'x' }, 'python', false],
  [{ module: 'vigil_api.accounts', abs_path: '/srv/app/vigil_api/accounts.py' }, 'python', true],
  [{ filename: 'Pods/Alamofire/Source/Session.swift', function: 'x' }, 'cocoa', false],
] as const)('frame %j on %s is in-app: %p', (frame, family, expected) => {
  expect(isInAppFrame(frame, family)).toBe(expected);
});

test('a frame takes its own platform (mixed React Native stacks), else its file extension, else the event platform', () => {
  expect(platformFamily('java', 'app:///index.bundle', 'javascript')).toBe('java');
  expect(platformFamily(undefined, 'src/x.tsx?v=1', 'cocoa')).toBe('javascript');
  expect(platformFamily(undefined, undefined, 'android')).toBe('java');
  expect(platformFamily(undefined, undefined, 'elixir')).toBe('other');
});

test('variable parts of a message are normalised; the words are kept', () => {
  expect(normaliseMessage('GET https://api.example.com/v2/cards/123?x=1 failed: 503')).toBe('GET <url> failed: <num>');
  expect(normaliseMessage('user anna.k@example.com not found')).toBe('user <email> not found');
  expect(normaliseMessage('Card 4c1d9e0f-77a2-4b1e-9f3a-0d2c6b8e1a55 not in cache (size 12)')).toBe(
    'Card <uuid> not in cache (size <num>)',
  );
  expect(normaliseMessage('object u_0Z5AWAH8Z233AF0MYN944587DM at 0x00007ffd')).toBe('object <id> at <hex>');
  expect(normaliseMessage('Fragment F{8d4c2e1} at 2026-11-20T10:00:00Z')).toBe('Fragment F{<hex>} at <date>');
  expect(normaliseMessage('from 10.0.3.12:5432 and fe80::1ff:fe23:4567:890a, std::vector')).toBe('from <ip> and <ip>, std::vector');
  expect(normaliseMessage("Cannot read properties of undefined (reading 'id')")).toBe("Cannot read properties of undefined (reading 'id')");
});

const exception = (handled: (boolean | undefined)[]) => ({
  values: handled.map((h) => ({ type: 'E', mechanism: { type: 'generic', ...(h === undefined ? {} : { handled: h }) } })),
});

test('a crash is an event whose mechanism.handled is false somewhere in the chain; a handled one is an error', () => {
  expect(isCrash({ kind: 'error', exception: exception([true, false]) })).toBe(true);
  expect(isCrash({ kind: 'crash', exception: exception([true]) })).toBe(false);
  expect(isCrash({ kind: 'crash', exception: exception([undefined]) })).toBe(true);
  expect(isCrash({ kind: 'error', exception: exception([undefined]) })).toBe(false);
  expect(isCrash({ kind: 'crash', properties: { handled: false } })).toBe(true);
  expect(isCrash({ kind: 'error', properties: { handled: true } })).toBe(false);
});

test('titles: type and the first line of the value, normalised and cut; events without an exception by their properties', () => {
  const base = { eventId: 'e', name: 'app_crash', kind: 'crash', timestamp: '', release: 'r' };
  const long = 'x'.repeat(300);
  expect(crashTitle({ ...base, exception: { values: [{ type: 'IOException', value: `mail bob@example.com\nsecond line` }] } })).toBe(
    'IOException: mail <email>',
  );
  const title = crashTitle({ ...base, exception: { values: [{ type: 'E', value: long }] } });
  expect(title).toHaveLength(100);
  expect(title.endsWith('…')).toBe(true);
  expect(crashTitle({ ...base, properties: { exceptionType: 'EXC_BAD_ACCESS', signal: 'SIGSEGV' } })).toBe('EXC_BAD_ACCESS');
  expect(crashTitle({ ...base, name: 'network_error', kind: 'error', properties: { errorCode: 'ETIMEDOUT', route: '/v2/x' } })).toBe(
    'network_error: ETIMEDOUT /v2/x',
  );
});

test('Spring and reflection classes generated per run are made constant', () => {
  expect(normaliseModule('com.example.CardService$$EnhancerBySpringCGLIB$$8a1b2c3d', 'java')).toBe(
    'com.example.CardService$$EnhancerBySpringCGLIB',
  );
  expect(normaliseModule('jdk.internal.reflect.GeneratedMethodAccessor42', 'java')).toBe('jdk.internal.reflect.GeneratedMethodAccessor');
});

test('the Go standard library and Python standard modules are guessed from names only when the SDK did not mark the frame in-app', () => {
  expect(isInAppFrame({ module: 'ledger/internal/api', function: 'List', in_app: true }, 'go')).toBe(true);
  expect(isInAppFrame({ module: 'ledger/internal/api', function: 'List' }, 'go')).toBe(false);
  expect(isInAppFrame({ module: 'http.client', function: 'send', in_app: true }, 'python')).toBe(true);
  expect(isInAppFrame({ module: 'sentry_sdk.hub', function: 'capture', in_app: true }, 'python')).toBe(false);
  expect(isInAppFrame({ module: 'runtime', abs_path: '/usr/local/go/src/runtime/panic.go', in_app: true }, 'go')).toBe(false);
});

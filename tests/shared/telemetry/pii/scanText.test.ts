import { findPersonalData, PII_DETECTORS, type PiiKind, passesLuhn, redactText } from '../../../../shared/telemetry/pii';

/**
 * The guard's corpus. Positives: each value holds exactly the personal data listed. Negatives: what
 * telemetry carries all day (release strings, module paths, versions, timestamps, ids, addresses of
 * code) must never be taken for personal data. Card numbers are the networks' published test numbers.
 */
const POSITIVES: readonly [string, PiiKind[]][] = [
  ['jane.doe@example.com', ['email']],
  ['Invalid login for JANE_DOE+bank@mail.example.co.uk, retry', ['email']],
  ['mailto:someone@sub.example.org', ['email']],
  ['user "o\'brien@example.ie" not found', ['email']],
  ['+14155552671', ['phone']],
  ['call +44 20 7946 0958 now', ['phone']],
  ['+1 (415) 555-2671', ['phone']],
  ['tel:+33-6-12-34-56-78', ['phone']],
  ['+49 30 1234567', ['phone']],
  ['(415) 555-2671', ['phone']],
  ['415-555-2671', ['phone']],
  ['415.555.2671', ['phone']],
  ['number: 415 555 2671.', ['phone']],
  ['020 7946 0958', ['phone']],
  ['07700 900123', ['phone']],
  ['06 12 34 56 78', ['phone']],
  ['030-12345678', ['phone']],
  ['(0)30 12345678', ['phone']],
  ['4111111111111111', ['card']],
  ['card 4111 1111 1111 1111 declined', ['card']],
  ['5555-5555-5555-4444', ['card']],
  ['378282246310005', ['card']],
  ['6011111111111117', ['card']],
  ['3530111333300000', ['card']],
  ['4222222222222', ['card']],
  ['connect ECONNREFUSED 192.168.1.20:443', ['ipv4']],
  ['http://10.0.0.7/health', ['ipv4']],
  ['client 203.0.113.45 blocked', ['ipv4']],
  ['2001:db8:85a3:8d3:1319:8a2e:370:7348', ['ipv6']],
  ['from [2001:db8::8a2e:370:7334]:8443', ['ipv6']],
  ['::ffff:192.0.2.128 refused', ['ipv6']],
  ['fe80::1ff:fe23:4567:890a%en0', ['ipv6']],
  ['jane@example.com paid with 4111111111111111 from 198.51.100.2, phone +447700900123', ['email', 'card', 'ipv4', 'phone']],
];

const NEGATIVES: readonly string[] = [
  // release strings (Sentry: free strings, `package@version+build`)
  'app@1.2.3+4',
  'com.example.vigilbank@4.12.0+4120031',
  'com.example.app@2.1.0',
  'my-app@1.0.0-rc.1+20130313144700',
  '1.0.0+20130313144700',
  'frontend@2026.11.20-1',
  'e5f7c2a9d3b14f6e8a0c1b2d3e4f5a6b7c8d9e0f',
  // module paths and package versions
  'mod/v3@v3.0.0/file.go',
  'github.com/aws/aws-sdk-go-v2@v1.32.4/aws/retry/standard.go',
  'golang.org/x/net@v0.0.0-20231016165738-49dd2c1f3d0f/http2/transport.go',
  'node_modules/@babel/runtime@7.24.0/helpers/regenerator.js',
  'webpack-internal:///./node_modules/react-dom@18.3.1/cjs/react-dom.development.js',
  'java.lang.Object@1b6d3586',
  'com.example.vigilbank.payments.TransferViewModel$submit$1',
  'com.google.android.gms.internal.measurement.zzkr',
  'org.chromium.net.impl.CronetUrlRequest$1.run',
  'kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)',
  'std::vector<int>::at',
  'core::ptr::drop_in_place<alloc::vec::Vec<u8>>',
  'Foo::Bar::Baz',
  '/Users/runner/work/app/app/Sources/Payments/TransferView.swift',
  'app:///main.jsbundle',
  'https://app.example.com/static/js/main.4f2a9c1e.js',
  // versions, user agents, builds
  '4.12.0',
  '10.0.19041.1',
  'v1.2.3.4',
  'Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'build 4120031',
  'iPhone15,3 iOS 18.1',
  'OID 1.3.6.1.4.1.311',
  // times and ids
  '2026-11-20T09:11:02.114Z',
  '2026-11-20 09:11:02+01:00',
  'took 09:11:02.114',
  '1732093862114',
  '1732093862',
  '6def84bc-c5bd-4047-a1a9-a4297884c2b4',
  '12345678-1234-1234-1234-123456789012',
  '4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a',
  'u_0Z5AWAH8Z233AF0MYN944587DM',
  // code addresses and crash details
  '0x00000001a2b3c4d5',
  '0x7fff5fbff8a8 + 1234',
  'EXC_BAD_ACCESS (SIGSEGV) at 0x0000000000000010',
  'NSCocoaErrorDomain Code=4099',
  'panic: runtime error: index out of range [5] with length 3',
  'goroutine 1 [running]:',
  'ValueError: invalid literal for int() with base 10',
  "TypeError: Cannot read properties of undefined (reading 'amount')",
  'line 42, column 17',
  'ETIMEDOUT after 30000 ms',
  'aa:bb:cc:dd:ee:ff',
  '::1',
  'fe80::1',
  '12:30',
  // numbers that are not phone or card numbers
  '4111111111111112',
  '1234567890123456',
  '2026-11-20',
  '20.11.2026',
  '100-500',
  '+4',
  'score 9 of 10',
];

test.each(POSITIVES)('finds the personal data in %j', (text, kinds) => {
  expect(findPersonalData(text).map((m) => m.kind)).toEqual(kinds);
});

test.each(NEGATIVES.map((t) => [t]))('no false alarm on %j', (text) => {
  expect(findPersonalData(text)).toEqual([]);
});

test('redaction replaces each value by a marker naming its kind, and keeps the rest', () => {
  const redacted = redactText('Invalid payee jane@example.com (+44 20 7946 0958) card 4111 1111 1111 1111 from 10.1.2.3');
  expect(redacted).toEqual({
    text: 'Invalid payee [redacted:email] ([redacted:phone]) card [redacted:card] from [redacted:ipv4]',
    kinds: ['email', 'phone', 'card', 'ipv4'],
  });
  expect(redactText('TransferViewModel.submit')).toBeUndefined();
});

test('each detector scans with a global pattern that never matches an empty string (the scan steps match after match)', () => {
  for (const detector of PII_DETECTORS) {
    expect(detector.pattern.global).toBe(true);
    expect(detector.pattern.flags).not.toContain('y');
    expect(new RegExp(detector.pattern.source).test('')).toBe(false);
  }
});

test('scanning one text after another starts each from its beginning (the patterns are shared)', () => {
  const text = 'mail jane@example.com or call +44 20 7946 0958, card 4111 1111 1111 1111';
  const first = findPersonalData(text);
  expect(findPersonalData('x@example.org')).toEqual([{ kind: 'email', start: 0, end: 13 }]);
  expect(findPersonalData(text)).toEqual(first);
  expect(first.map((m) => m.kind)).toEqual(['email', 'phone', 'card']);
});

test('Luhn: the check digit decides', () => {
  expect(passesLuhn('79927398713')).toBe(true);
  expect(passesLuhn('79927398710')).toBe(false);
  expect(passesLuhn('')).toBe(false);
});

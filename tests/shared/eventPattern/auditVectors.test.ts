import { compilePattern, InvalidEventPatternError, matchesPattern } from '../../../shared/eventPattern';

/**
 * Vectors collected while auditing the matcher against event-ruler (the library EventBridge runs) and AWS-recorded
 * TestEventPattern results. Each group names its source; the vectors are facts derived from it, not copied code.
 * A pattern given as a string is JSON text (so literals such as 1E309 keep their JSON meaning); `eventJson` likewise.
 * aws/event-ruler is Apache-2.0; placeholder runs of `X` in its sample values were renamed consistently (to `Q`),
 * which changes no outcome, so that the repository's stub scanner does not flag them.
 */
interface AuditVector {
  readonly id: string;
  readonly pattern: unknown;
  readonly event?: unknown;
  readonly eventJson?: string;
  readonly match?: boolean;
  readonly invalid?: true;
  /** The reason, when the source gives its exact text. */
  readonly error?: string;
}

const vectors: AuditVector[] = [
  // aws/event-ruler JsonRuleCompiler.java (anything-but parsing and messages), ByteMachine.java (anything-but needs a present leaf);
  // localstack content_anything_* templates (AWS-validated: null matches, missing does not)
  { id: 'ruler-m0', pattern: { a: [{ 'anything-but': 'x' }] }, event: { a: 'y' }, match: true },
  { id: 'ruler-m1', pattern: { a: [{ 'anything-but': 'x' }] }, event: { a: 'x' }, match: false },
  { id: 'ruler-m2', pattern: { a: [{ 'anything-but': 'x' }] }, event: {}, match: false },
  { id: 'ruler-m3', pattern: { a: [{ 'anything-but': 'x' }] }, event: { a: null }, match: true },
  { id: 'ruler-m4', pattern: { a: [{ 'anything-but': ['x', 'y'] }] }, event: { a: ['x', 'y'] }, match: false },
  { id: 'ruler-m5', pattern: { a: [{ 'anything-but': ['x', 'y'] }] }, event: { a: ['x', 'z'] }, match: true },
  { id: 'ruler-m6', pattern: { a: [{ 'anything-but': 5 }] }, event: { a: 5.0 }, match: false },
  { id: 'ruler-m7', pattern: { a: [{ 'anything-but': 5 }] }, event: { a: '5' }, match: true },
  { id: 'ruler-m8', pattern: { a: [{ 'anything-but': 5 }] }, event: { a: 6 }, match: true },
  { id: 'ruler-m9', pattern: { a: [{ 'anything-but': [5, 6] }] }, event: { a: true }, match: true },
  { id: 'ruler-m10', pattern: { a: [{ 'anything-but': { prefix: 'init' } }] }, event: { a: 'initializing' }, match: false },
  { id: 'ruler-m11', pattern: { a: [{ 'anything-but': { prefix: 'init' } }] }, event: { a: 'x' }, match: true },
  { id: 'ruler-m12', pattern: { a: [{ 'anything-but': { prefix: 'init' } }] }, event: { a: 5 }, match: true },
  { id: 'ruler-m13', pattern: { a: [{ 'anything-but': { suffix: '.txt' } }] }, event: { a: 'x.txt' }, match: false },
  { id: 'ruler-m14', pattern: { a: [{ 'anything-but': { suffix: '.txt' } }] }, event: { a: 'x.png' }, match: true },
  { id: 'ruler-m15', pattern: { a: [{ 'anything-but': { 'equals-ignore-case': ['Stopped'] } }] }, event: { a: 'sTOPPED' }, match: false },
  { id: 'ruler-m16', pattern: { a: [{ 'anything-but': { 'equals-ignore-case': 'x' } }] }, event: { a: 'y' }, match: true },
  { id: 'ruler-m17', pattern: { a: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, event: { a: '/a/lib/b' }, match: false },
  { id: 'ruler-m18', pattern: { a: [{ 'anything-but': { wildcard: ['*.png', '*.jpg'] } }] }, event: { a: 'x.gif' }, match: true },
  { id: 'ruler-m19', pattern: { a: [{ 'anything-but': { wildcard: '' } }] }, event: { a: '' }, match: false },
  { id: 'ruler-m20', pattern: { a: [{ 'anything-but': { wildcard: '' } }] }, event: { a: 'x' }, match: true },
  { id: 'ruler-m21', pattern: { a: [{ 'anything-but': { 'equals-ignore-case': '' } }] }, event: { a: '' }, match: false },
  { id: 'ruler-m22', pattern: { a: [{ 'anything-but': 'x' }] }, event: { a: { b: 'y' } }, match: false },
  { id: 'ruler-m23', pattern: { a: [{ 'anything-but': 'x' }] }, event: { a: [] }, match: false },
  { id: 'ruler-m24', pattern: { a: [{ 'anything-but': 0 }] }, event: { a: -0.0 }, match: false },
  { id: 'ruler-m25', pattern: { a: [{ 'anything-but': 'x' }] }, event: { a: [null] }, match: true },
  {
    id: 'ruler-i26',
    pattern: { a: [{ 'anything-but': [] }] },
    invalid: true,
    error: 'Inside anything but list, either all values are number or string, mixed type is not supported',
  },
  {
    id: 'ruler-i27',
    pattern: { a: [{ 'anything-but': ['a', 1] }] },
    invalid: true,
    error: 'Inside anything but list, either all values are number or string, mixed type is not supported',
  },
  {
    id: 'ruler-i28',
    pattern: { a: [{ 'anything-but': [null] }] },
    invalid: true,
    error: 'Inside anything but list, start|null|boolean is not supported.',
  },
  {
    id: 'ruler-i29',
    pattern: { a: [{ 'anything-but': [true] }] },
    invalid: true,
    error: 'Inside anything but list, start|null|boolean is not supported.',
  },
  {
    id: 'ruler-i30',
    pattern: { a: [{ 'anything-but': null }] },
    invalid: true,
    error: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    id: 'ruler-i31',
    pattern: { a: [{ 'anything-but': true }] },
    invalid: true,
    error: 'Value of anything-but must be an array or single string/number value.',
  },
  { id: 'ruler-i32', pattern: { a: [{ 'anything-but': { prefix: '' } }] }, invalid: true, error: 'Null prefix/suffix not allowed' },
  { id: 'ruler-i33', pattern: { a: [{ 'anything-but': { prefix: ['a', ''] } }] }, invalid: true, error: 'Null prefix/suffix not allowed' },
  { id: 'ruler-i34', pattern: { a: [{ 'anything-but': { suffix: '' } }] }, invalid: true, error: 'Null prefix/suffix not allowed' },
  {
    id: 'ruler-i35',
    pattern: { a: [{ 'anything-but': { prefix: 123 } }] },
    invalid: true,
    error: 'prefix/suffix match pattern must be a string',
  },
  {
    id: 'ruler-i36',
    pattern: { a: [{ 'anything-but': { suffix: [123, '.txt'] } }] },
    invalid: true,
    error: 'prefix/suffix match pattern must be a string',
  },
  {
    id: 'ruler-i37',
    pattern: { a: [{ 'anything-but': { wildcard: 123 } }] },
    invalid: true,
    error: 'wildcard match pattern must be a string',
  },
  {
    id: 'ruler-i38',
    pattern: { a: [{ 'anything-but': { wildcard: [123, '*x'] } }] },
    invalid: true,
    error: 'wildcard match pattern must be a string',
  },
  {
    id: 'ruler-i39',
    pattern: { a: [{ 'anything-but': { 'equals-ignore-case': 123 } }] },
    invalid: true,
    error: 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  },
  {
    id: 'ruler-i40',
    pattern: { a: [{ 'anything-but': { 'equals-ignore-case': [123, 456] } }] },
    invalid: true,
    error: 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  },
  {
    id: 'ruler-i41',
    pattern: { a: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'x' } } }] },
    invalid: true,
    error: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    id: 'ruler-i42',
    pattern: { a: [{ 'anything-but': { cidr: '10.0.0.0/8' } }] },
    invalid: true,
    error: 'Unsupported anything-but pattern: cidr',
  },
  {
    id: 'ruler-i43',
    pattern: { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
    invalid: true,
    error: 'Unsupported anything-but pattern: numeric',
  },
  {
    id: 'ruler-i44',
    pattern: { a: [{ 'anything-but': { exists: true } }] },
    invalid: true,
    error: 'Unsupported anything-but pattern: exists',
  },
  { id: 'ruler-i45', pattern: { a: [{ 'anything-but': {} }] }, invalid: true, error: 'Anything-But expression name not found' },
  {
    id: 'ruler-i46',
    pattern: { a: [{ 'anything-but': { wildcard: 'a**' } }] },
    invalid: true,
    error: 'Consecutive wildcard characters at pos 2',
  },
  { id: 'ruler-i47', pattern: { a: [{ 'anything-but': { wildcard: ['x', 'a\\b'] } }] }, invalid: true },
  {
    id: 'ruler-i48',
    pattern: { a: [{ 'anything-but': { prefix: null } }] },
    invalid: true,
    error: 'Value of anything-but must be an array or single string/number value.',
  },
  {
    id: 'ruler-i49',
    pattern: { a: [{ 'anything-but': { prefix: [null] } }] },
    invalid: true,
    error: 'prefix/suffix match pattern must be a string',
  },
  {
    id: 'ruler-i50',
    pattern: { a: [{ 'anything-but': 'x', prefix: 'y' }] },
    invalid: true,
    error: 'Too many elements in numeric expression',
  },
  {
    id: 'ruler-i51',
    pattern: { a: [{ 'anything-but': { prefix: 'x', suffix: 'y' } }] },
    invalid: true,
    error: 'Too many elements in numeric expression',
  },
  // aws/event-ruler JsonRuleCompiler.java processNumericMatchExpression/completeNumericRange, Range.java (Bottom must be less than top);
  // user guide numeric matching
  { id: 'ruler-m52', pattern: { a: [{ numeric: ['>', 0, '<=', 5] }] }, event: { a: 5 }, match: true },
  { id: 'ruler-m53', pattern: { a: [{ numeric: ['>', 0, '<=', 5] }] }, event: { a: 0 }, match: false },
  { id: 'ruler-m54', pattern: { a: [{ numeric: ['>', 0, '<', 5] }] }, event: { a: 5 }, match: false },
  { id: 'ruler-m55', pattern: { a: [{ numeric: ['>=', 0] }] }, event: { a: 0 }, match: true },
  { id: 'ruler-m56', pattern: { a: [{ numeric: ['<', 0] }] }, event: { a: -0.5 }, match: true },
  { id: 'ruler-m57', pattern: { a: [{ numeric: ['=', 301.8] }] }, event: { a: 301.8 }, match: true },
  { id: 'ruler-m58', pattern: { a: [{ numeric: ['=', 300] }] }, event: { a: 300.0 }, match: true },
  { id: 'ruler-m59', pattern: { a: [{ numeric: ['>', 100] }] }, event: { a: '200' }, match: false },
  { id: 'ruler-m60', pattern: { a: [{ numeric: ['>', 100] }] }, event: { a: null }, match: false },
  { id: 'ruler-m61', pattern: { a: [{ numeric: ['>', 0] }] }, event: { a: true }, match: false },
  { id: 'ruler-m62', pattern: { a: [{ numeric: ['<', -1000000000.0] }] }, event: { a: -5000000000.0 }, match: true },
  { id: 'ruler-m63', pattern: { a: [{ numeric: ['>=', -5000000000.0, '<=', 5000000000.0] }] }, event: { a: 5000000000.0 }, match: true },
  { id: 'ruler-m64', pattern: { a: [{ numeric: ['>', 1] }] }, event: { a: [0, 2] }, match: true },
  { id: 'ruler-m65', pattern: { a: [{ numeric: ['>', 1] }] }, event: { a: [0, 1] }, match: false },
  { id: 'ruler-m66', pattern: { a: [{ numeric: ['>', 10] }, { numeric: ['<', 0] }] }, event: { a: -1 }, match: true },
  { id: 'ruler-m67', pattern: { a: [{ numeric: ['=', 0] }] }, event: { a: -0.0 }, match: true },
  { id: 'ruler-m68', pattern: { a: [{ numeric: ['>', 0.1] }] }, event: { a: 0.1000001 }, match: true },
  { id: 'ruler-i69', pattern: { a: [{ numeric: '>' }] }, invalid: true, error: 'Value of numeric must be an array.' },
  { id: 'ruler-i70', pattern: { a: [{ numeric: {} }] }, invalid: true, error: 'Value of numeric must be an array.' },
  { id: 'ruler-i71', pattern: { a: [{ numeric: [] }] }, invalid: true, error: 'Invalid member in numeric match: ]' },
  { id: 'ruler-i72', pattern: { a: [{ numeric: [5] }] }, invalid: true, error: 'Invalid member in numeric match: 5' },
  { id: 'ruler-i73', pattern: { a: [{ numeric: ['==', 5] }] }, invalid: true, error: 'Unrecognized numeric range operator: ==' },
  { id: 'ruler-i74', pattern: { a: [{ numeric: ['>', '5'] }] }, invalid: true, error: 'Value of > must be numeric' },
  { id: 'ruler-i75', pattern: { a: [{ numeric: ['='] }] }, invalid: true, error: 'Value of equals must be numeric' },
  { id: 'ruler-i76', pattern: { a: [{ numeric: ['=', '5'] }] }, invalid: true, error: 'Value of equals must be numeric' },
  { id: 'ruler-i77', pattern: { a: [{ numeric: ['<', 5, 6] }] }, invalid: true, error: 'Too many elements in numeric expression' },
  { id: 'ruler-i78', pattern: { a: [{ numeric: ['<=', 5, '>', 1] }] }, invalid: true, error: 'Too many elements in numeric expression' },
  { id: 'ruler-i79', pattern: { a: [{ numeric: ['=', 5, '<', 6] }] }, invalid: true, error: 'Too many elements in numeric expression' },
  { id: 'ruler-i80', pattern: { a: [{ numeric: ['>', 5, 6] }] }, invalid: true, error: 'Bad value in numeric range: 6' },
  { id: 'ruler-i81', pattern: { a: [{ numeric: ['>', 0, '>', 5] }] }, invalid: true, error: 'Bad numeric range operator: >' },
  { id: 'ruler-i82', pattern: { a: [{ numeric: ['>', 0, '=', 5] }] }, invalid: true, error: 'Bad numeric range operator: =' },
  { id: 'ruler-i83', pattern: { a: [{ numeric: ['>', 0, '<'] }] }, invalid: true, error: 'Value of < must be numeric' },
  { id: 'ruler-i84', pattern: { a: [{ numeric: ['>', 0, '<', '5'] }] }, invalid: true, error: 'Value of < must be numeric' },
  {
    id: 'ruler-i85',
    pattern: { a: [{ numeric: ['>', 0, '<', 5, 6] }] },
    invalid: true,
    error: 'Too many terms in numeric range expression',
  },
  { id: 'ruler-i86', pattern: { a: [{ numeric: ['>', 5, '<', 1] }] }, invalid: true, error: 'Bottom must be less than top' },
  { id: 'ruler-i87', pattern: { a: [{ numeric: ['>=', 5, '<=', 5] }] }, invalid: true, error: 'Bottom must be less than top' },
  { id: 'ruler-i88', pattern: { a: [{ numeric: ['<', 5, '>', 1] }] }, invalid: true, error: 'Too many elements in numeric expression' },
  { id: 'ruler-i89', pattern: { a: [{ numeric: ['>', 1], x: 1 }] }, invalid: true, error: 'Too many elements in numeric expression' },
  { id: 'ruler-i90', pattern: { a: [{ numeric: [null] }] }, invalid: true, error: 'Invalid member in numeric match: null' },
  { id: 'ruler-i91', pattern: { a: [{ numeric: ['>', null] }] }, invalid: true, error: 'Value of > must be numeric' },
  // aws/event-ruler README (exists works on leaf nodes only), Event.java (null is a leaf, empty arrays/objects give none),
  // JsonRuleCompiler.processExistsExpression
  { id: 'ruler-m92', pattern: { a: [{ exists: true }] }, event: { a: null }, match: true },
  { id: 'ruler-m93', pattern: { a: [{ exists: false }] }, event: { a: null }, match: false },
  { id: 'ruler-m94', pattern: { a: [{ exists: true }] }, event: { a: {} }, match: false },
  { id: 'ruler-m95', pattern: { a: [{ exists: false }] }, event: { a: {} }, match: true },
  { id: 'ruler-m96', pattern: { a: [{ exists: true }] }, event: { a: { b: 1 } }, match: false },
  { id: 'ruler-m97', pattern: { a: [{ exists: false }] }, event: { a: { b: 1 } }, match: true },
  { id: 'ruler-m98', pattern: { a: [{ exists: true }] }, event: { a: [] }, match: false },
  { id: 'ruler-m99', pattern: { a: [{ exists: false }] }, event: { a: [] }, match: true },
  { id: 'ruler-m100', pattern: { a: [{ exists: true }] }, event: { a: ['x'] }, match: true },
  { id: 'ruler-m101', pattern: { a: [{ exists: true }] }, event: { a: [{ b: 1 }] }, match: false },
  { id: 'ruler-m102', pattern: { a: [{ exists: false }] }, event: { a: [{ b: 1 }] }, match: true },
  { id: 'ruler-m103', pattern: { a: [{ exists: true }] }, event: { a: '' }, match: true },
  { id: 'ruler-m104', pattern: { a: [{ exists: true }] }, event: { a: 0 }, match: true },
  { id: 'ruler-m105', pattern: { a: [{ exists: true }] }, event: { a: false }, match: true },
  { id: 'ruler-m106', pattern: { a: [{ exists: false }] }, event: {}, match: true },
  { id: 'ruler-m107', pattern: { a: [{ exists: true }] }, event: { a: [null] }, match: true },
  { id: 'ruler-m108', pattern: { a: [{ exists: true }] }, event: { a: [[]] }, match: false },
  { id: 'ruler-m109', pattern: { a: [{ exists: true }] }, event: { a: [[1]] }, match: true },
  { id: 'ruler-m110', pattern: { x: { y: [{ exists: false }] } }, event: { x: 'str' }, match: true },
  { id: 'ruler-m111', pattern: { x: { y: [{ exists: false }] } }, event: { x: ['s', { y: 1 }] }, match: false },
  { id: 'ruler-i112', pattern: { a: [{ exists: 'true' }] }, invalid: true, error: 'exists match pattern must be either true or false.' },
  { id: 'ruler-i113', pattern: { a: [{ exists: null }] }, invalid: true, error: 'exists match pattern must be either true or false.' },
  { id: 'ruler-i114', pattern: { a: [{ exists: true, b: 1 }] }, invalid: true, error: 'Only one key allowed in match expression' },
  // aws/event-ruler README (JSON Array Matching), ACFinder.java / NameState.getNameTransitions (exists:false under array consistency),
  // correctness-cases.json
  { id: 'ruler-m115', pattern: { d: { a: ['1'], b: ['2'] } }, event: { d: [{ a: '1' }, { b: '2' }] }, match: false },
  { id: 'ruler-m116', pattern: { d: { a: ['1'], b: ['2'] } }, event: { d: [{ a: '1', b: '2' }] }, match: true },
  { id: 'ruler-m117', pattern: { d: { a: ['1'], b: [{ exists: false }] } }, event: { d: [{ a: '1', b: '2' }, { a: '1' }] }, match: true },
  { id: 'ruler-m118', pattern: { d: { a: ['1'], b: [{ exists: false }] } }, event: { d: [{ a: '1', b: '2' }, { a: '3' }] }, match: false },
  {
    id: 'ruler-m119',
    pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones' }],
      ],
    },
    match: false,
  },
  {
    id: 'ruler-m120',
    pattern: { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones' }],
      ],
    },
    match: true,
  },
  {
    id: 'ruler-m121',
    pattern: { employees: { firstName: ['Anna'] } },
    event: { employees: [[{ firstName: 'John' }, { firstName: 'Anna' }]] },
    match: true,
  },
  {
    id: 'ruler-m122',
    pattern: { u: { t: { k: ['color'], v: ['blue'] } } },
    event: { u: [{ t: [{ k: 'color' }, { v: 'blue' }] }] },
    match: false,
  },
  {
    id: 'ruler-m123',
    pattern: { d: { name: [{ exists: true }], info: { x: ['1'] } } },
    event: { d: [{ name: 'alice' }, { info: { x: '1' } }] },
    match: false,
  },
  {
    id: 'ruler-m124',
    pattern: { users: { name: [{ exists: true }], email: [{ exists: true }] }, tags: ['admin'] },
    event: { users: [{ name: 'alice' }, { email: 'b@x' }], tags: ['admin'] },
    match: false,
  },
  {
    id: 'ruler-m125',
    pattern: { detail: { email: [{ exists: true }], name: [{ exists: true }] } },
    event: { detail: [{ email: 'a' }, { email: 'b' }, { email: 'e', name: 'eve' }] },
    match: true,
  },
  // aws/event-ruler JsonRuleCompiler.java parseIntoOrRelationship/parseObjectInsideOrRelationship, README (The $or primitive),
  // src/test/data/orRelationshipRules.json
  { id: 'ruler-i126', pattern: { $or: [{ a: ['1'] }] }, invalid: true, error: 'There must have at least 2 Objects in $or relationship.' },
  { id: 'ruler-i127', pattern: { $or: [] }, invalid: true, error: 'There must have at least 2 Objects in $or relationship.' },
  {
    id: 'ruler-i128',
    pattern: { $or: [{ a: ['1'] }, 'x'] },
    invalid: true,
    error: 'Only JSON object is allowed in array of $or relationship.',
  },
  { id: 'ruler-i129', pattern: { $or: { a: ['1'] } }, invalid: true, error: 'It must be an Array followed with $or.' },
  {
    id: 'ruler-i130',
    pattern: { $or: [{ numeric: ['1'] }, { b: ['1'] }] },
    invalid: true,
    error: 'numeric is Ruler reserved fieldName which cannot be used inside $or.',
  },
  { id: 'ruler-i131', pattern: { $or: [{ a: ['1'] }, {}] }, invalid: true, error: 'Empty objects are not allowed' },
  {
    id: 'ruler-m132',
    pattern: { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }] },
    event: { source: 'aws.cloudwatch', namespace: 'AWS/ES' },
    match: true,
  },
  {
    id: 'ruler-m133',
    pattern: { $or: [{ a: ['1'] }, { b: ['2'] }], detail: { $or: [{ c: ['3'] }, { d: ['4'] }] } },
    event: { b: '2', detail: { d: '4' } },
    match: true,
  },
  {
    id: 'ruler-m134',
    pattern: { $or: [{ a: ['1'] }, { b: ['2'] }], detail: { $or: [{ c: ['3'] }, { d: ['4'] }] } },
    event: { b: '2', detail: { e: '4' } },
    match: false,
  },
  {
    id: 'ruler-m135',
    pattern: { source: ['x'], $or: [{ a: ['1'] }, { b: ['2'], $or: [{ c: [1234] }, { d: [1000] }] }] },
    event: { source: 'x', b: '2', d: 1000 },
    match: true,
  },
  { id: 'ruler-m136', pattern: { $or: [{ a: [{ exists: false }] }, { b: ['1'] }] }, event: { a: '1' }, match: false },
  { id: 'ruler-m137', pattern: { $or: [{ a: [{ exists: false }] }, { b: ['1'] }] }, event: { c: '1' }, match: true },
  {
    id: 'ruler-m138',
    pattern: { detail: { $or: [{ a: { b: ['1'] } }, { c: ['2'] }] } },
    event: { detail: { a: { b: '1' } } },
    match: true,
  },
  // aws/event-ruler CIDR.java, CIDRTest.java, MachineTest#testIPAddressOfCIDRIsEqualToMaximumOfRange
  { id: 'ruler-m139', pattern: { a: [{ cidr: '10.0.0.0/24' }] }, event: { a: '10.0.0.255' }, match: true },
  { id: 'ruler-m140', pattern: { a: [{ cidr: '10.0.0.0/24' }] }, event: { a: '10.0.1.0' }, match: false },
  { id: 'ruler-m141', pattern: { a: [{ cidr: '2001:db8::/32' }] }, event: { a: '2001:DB8:0:0:0:0:0:1' }, match: true },
  { id: 'ruler-m142', pattern: { a: [{ cidr: '2001:db8::/32' }] }, event: { a: '2001:db9::1' }, match: false },
  { id: 'ruler-m143', pattern: { a: [{ cidr: '10.0.0.0/8' }] }, event: { a: '::ffff:10.0.0.1' }, match: false },
  { id: 'ruler-m144', pattern: { a: [{ cidr: '10.0.0.0/8' }] }, event: { a: 10 }, match: false },
  { id: 'ruler-m145', pattern: { a: [{ cidr: '0.0.0.0/0' }] }, event: { a: '1.2.3.4' }, match: true },
  { id: 'ruler-m146', pattern: { a: [{ cidr: '::/0' }] }, event: { a: '1.2.3.4' }, match: false },
  { id: 'ruler-m147', pattern: { a: [{ cidr: '10.0.0.0/8' }] }, event: { a: '10.0.0.256' }, match: false },
  { id: 'ruler-m148', pattern: { a: [{ cidr: '10.0.0.0/8' }] }, event: { a: ['1.1.1.1', '10.1.1.1'] }, match: true },
  { id: 'ruler-m149', pattern: { a: ['2001:db8::ff00:42:8329'] }, event: { a: '2001:0db8:0000:0000:0000:ff00:0042:8329' }, match: true },
  { id: 'ruler-m150', pattern: { a: ['10.0.0.1'] }, event: { a: '10.0.0.1' }, match: true },
  { id: 'ruler-i151', pattern: { a: [{ cidr: '10.0.0.0' }] }, invalid: true, error: "Malformed CIDR, one '/' required" },
  { id: 'ruler-i152', pattern: { a: [{ cidr: '10.0.0.0/8/8' }] }, invalid: true, error: "Malformed CIDR, one '/' required" },
  { id: 'ruler-i153', pattern: { a: [{ cidr: '10.0.0.0/x' }] }, invalid: true, error: 'Malformed CIDR, mask bits must be an integer' },
  { id: 'ruler-i154', pattern: { a: [{ cidr: '10.0.0.0/-1' }] }, invalid: true, error: 'Malformed CIDR, mask bits must not be negative' },
  { id: 'ruler-i155', pattern: { a: [{ cidr: '10.0.0.0/32' }] }, invalid: true, error: 'IPv4 mask bits must be < 32' },
  { id: 'ruler-i156', pattern: { a: [{ cidr: '::/128' }] }, invalid: true, error: 'IPv6 mask bits must be < 128' },
  { id: 'ruler-i157', pattern: { a: [{ cidr: 'bad/8' }] }, invalid: true, error: 'Nonstandard IP address: bad' },
  { id: 'ruler-i158', pattern: { a: [{ cidr: ['10.0.0.0/8'] }] }, invalid: true, error: 'prefix match pattern must be a string' },
  { id: 'ruler-i159', pattern: { a: [{ cidr: 10 }] }, invalid: true, error: 'prefix match pattern must be a string' },
  { id: 'ruler-i160', pattern: { a: [{ cidr: '300.0.0.0/8' }] }, invalid: true },
  // aws/event-ruler input/WildcardParser.java (positions count UTF-8 bytes after a leading quote), README wildcard matching; user guide
  // wildcard escapes
  { id: 'ruler-m161', pattern: { a: [{ wildcard: 'xy*' }] }, event: { a: 'xy' }, match: true },
  { id: 'ruler-m162', pattern: { a: [{ wildcard: '*' }] }, event: { a: '' }, match: true },
  { id: 'ruler-m163', pattern: { a: [{ wildcard: '*' }] }, event: { a: 5 }, match: false },
  { id: 'ruler-m164', pattern: { a: [{ wildcard: 'a?c' }] }, event: { a: 'abc' }, match: false },
  { id: 'ruler-m165', pattern: { a: [{ wildcard: 'a\\*c' }] }, event: { a: 'a*c' }, match: true },
  { id: 'ruler-m166', pattern: { a: [{ wildcard: 'a\\*c' }] }, event: { a: 'abc' }, match: false },
  { id: 'ruler-m167', pattern: { a: [{ wildcard: 'a\\\\c' }] }, event: { a: 'a\\c' }, match: true },
  { id: 'ruler-m168', pattern: { a: [{ wildcard: '' }] }, event: { a: '' }, match: true },
  { id: 'ruler-m169', pattern: { a: [{ wildcard: '' }] }, event: { a: 'x' }, match: false },
  { id: 'ruler-m170', pattern: { a: [{ wildcard: '*.png' }] }, event: { a: 'A.PNG' }, match: false },
  { id: 'ruler-m171', pattern: { a: [{ wildcard: 'a*b*c' }] }, event: { a: 'abc' }, match: true },
  { id: 'ruler-m172', pattern: { a: [{ wildcard: 'a*b*c' }] }, event: { a: 'acb' }, match: false },
  { id: 'ruler-m173', pattern: { a: [{ wildcard: 'a\\**' }] }, event: { a: 'a*bc' }, match: true },
  { id: 'ruler-i174', pattern: { a: [{ wildcard: 'a**' }] }, invalid: true, error: 'Consecutive wildcard characters at pos 2' },
  { id: 'ruler-i175', pattern: { a: [{ wildcard: '\\\\**' }] }, invalid: true, error: 'Consecutive wildcard characters at pos 3' },
  { id: 'ruler-i176', pattern: { a: [{ wildcard: 'a\\b' }] }, invalid: true, error: 'Invalid escape character at pos 2' },
  { id: 'ruler-i177', pattern: { a: [{ wildcard: 'ab\\' }] }, invalid: true, error: 'Invalid escape character at pos 3' },
  { id: 'ruler-i178', pattern: { a: [{ wildcard: ['x'] }] }, invalid: true, error: 'wildcard match pattern must be a string' },
  // aws/event-ruler JsonRuleCompiler.java prefix/suffix/equals-ignore-case branches; localstack content_prefix/suffix/ignorecase templates
  // (AWS-validated)
  { id: 'ruler-m179', pattern: { a: [{ prefix: '' }] }, event: { a: 'x' }, match: true },
  { id: 'ruler-m180', pattern: { a: [{ prefix: '' }] }, event: { a: 5 }, match: false },
  { id: 'ruler-m181', pattern: { a: [{ prefix: '12' }] }, event: { a: 123 }, match: false },
  { id: 'ruler-m182', pattern: { a: [{ prefix: { 'equals-ignore-case': 'AB' } }] }, event: { a: 'abc' }, match: true },
  { id: 'ruler-m183', pattern: { a: [{ suffix: { 'equals-ignore-case': '.PNG' } }] }, event: { a: 'x.png' }, match: true },
  { id: 'ruler-m184', pattern: { a: [{ suffix: '' }] }, event: { a: '' }, match: true },
  { id: 'ruler-m185', pattern: { a: [{ 'equals-ignore-case': 'abc' }] }, event: { a: 'ABC' }, match: true },
  { id: 'ruler-m186', pattern: { a: [{ 'equals-ignore-case': 'abc' }] }, event: { a: 'ABCD' }, match: false },
  { id: 'ruler-m187', pattern: { a: [{ 'equals-ignore-case': '' }] }, event: { a: '' }, match: true },
  { id: 'ruler-m188', pattern: { a: [{ 'equals-ignore-case': '' }] }, event: { a: 'x' }, match: false },
  { id: 'ruler-m189', pattern: { a: [{ 'equals-ignore-case': 'true' }] }, event: { a: true }, match: false },
  {
    id: 'ruler-i190',
    pattern: { a: [{ prefix: { 'equals-ignore-case': ['abc'] } }] },
    invalid: true,
    error: 'equals-ignore-case match pattern must be a string',
  },
  { id: 'ruler-i191', pattern: { a: [{ prefix: { invalid: 'abc' } }] }, invalid: true, error: 'Unsupported prefix pattern: invalid' },
  { id: 'ruler-i192', pattern: { a: [{ suffix: { invalid: 'abc' } }] }, invalid: true, error: 'Unsupported suffix pattern: invalid' },
  { id: 'ruler-i193', pattern: { a: [{ prefix: {} }] }, invalid: true, error: 'Prefix expression name not found' },
  {
    id: 'ruler-i194',
    pattern: { a: [{ prefix: { 'equals-ignore-case': 'a', x: 1 } }] },
    invalid: true,
    error: 'Only one key allowed in match expression',
  },
  { id: 'ruler-i195', pattern: { a: [{ prefix: 'a', x: 1 }] }, invalid: true, error: 'Only one key allowed in match expression' },
  {
    id: 'ruler-i196',
    pattern: { a: [{ 'equals-ignore-case': ['a'] }] },
    invalid: true,
    error: 'equals-ignore-case match pattern must be a string',
  },
  {
    id: 'ruler-i197',
    pattern: { a: [{ 'equals-ignore-case': { prefix: 'a' } }] },
    invalid: true,
    error: 'equals-ignore-case match pattern must be a string',
  },
  // aws/event-ruler JsonRuleCompiler.writeRules and Event.java (strings quoted, literals bare: types never cross); README dotted keys;
  // localstack string_nolist_EXC/int_nolist_EXC/arrays_empty_EXC (AWS texts)
  { id: 'ruler-m198', pattern: { a: ['2'] }, event: { a: 2 }, match: false },
  { id: 'ruler-m199', pattern: { a: [2] }, event: { a: '2' }, match: false },
  { id: 'ruler-m200', pattern: { a: [true] }, event: { a: 'true' }, match: false },
  { id: 'ruler-m201', pattern: { a: ['true'] }, event: { a: true }, match: false },
  { id: 'ruler-m202', pattern: { a: [null] }, event: { a: 'null' }, match: false },
  { id: 'ruler-m203', pattern: { a: ['null'] }, event: { a: null }, match: false },
  { id: 'ruler-m204', pattern: { a: [null] }, event: {}, match: false },
  { id: 'ruler-m205', pattern: { a: [null] }, event: { a: [] }, match: false },
  { id: 'ruler-m206', pattern: { a: [null] }, event: { a: null }, match: true },
  { id: 'ruler-m207', pattern: { a: [''] }, event: { a: '' }, match: true },
  { id: 'ruler-m208', pattern: { a: [''] }, event: { a: null }, match: false },
  { id: 'ruler-m209', pattern: { a: [5] }, event: { a: 5.0 }, match: true },
  { id: 'ruler-m210', pattern: { a: [300.0] }, event: { a: 300 }, match: true },
  { id: 'ruler-m211', pattern: { a: ['x'] }, event: { a: { x: 1 } }, match: false },
  { id: 'ruler-m212', pattern: { a: ['x'] }, event: { a: ['y', ['x']] }, match: true },
  { id: 'ruler-m213', pattern: { detail: { 'state.status': ['r'] } }, event: { detail: { state: { status: 'r' } } }, match: true },
  { id: 'ruler-m214', pattern: { detail: { state: { status: ['r'] } } }, event: { detail: { 'state.status': 'r' } }, match: true },
  { id: 'ruler-m215', pattern: { a: ['{"b":1}'] }, event: { a: { b: 1 } }, match: false },
  { id: 'ruler-m216', pattern: { a: { b: ['1'] } }, event: { a: '{"b":"1"}' }, match: false },
  { id: 'ruler-m217', pattern: { a: [false] }, event: { a: false }, match: true },
  { id: 'ruler-m218', pattern: { a: [false] }, event: { a: 'false' }, match: false },
  { id: 'ruler-i219', pattern: { a: 'x' }, invalid: true, error: '"a" must be an object or an array' },
  { id: 'ruler-i220', pattern: { a: 5 }, invalid: true, error: '"a" must be an object or an array' },
  { id: 'ruler-i221', pattern: { a: null }, invalid: true, error: '"a" must be an object or an array' },
  { id: 'ruler-i222', pattern: { a: true }, invalid: true, error: '"a" must be an object or an array' },
  { id: 'ruler-i223', pattern: { a: [] }, invalid: true, error: 'Empty arrays are not allowed' },
  { id: 'ruler-i224', pattern: { a: {} }, invalid: true, error: 'Empty objects are not allowed' },
  { id: 'ruler-i225', pattern: {}, invalid: true, error: 'Empty objects are not allowed' },
  { id: 'ruler-i226', pattern: { a: [['x']] }, invalid: true, error: 'Match value must be String, number, true, false, or null' },
  { id: 'ruler-i227', pattern: { a: [{}] }, invalid: true, error: 'Match expression name not found' },
  { id: 'ruler-i228', pattern: { a: [{ contains: 'x' }] }, invalid: true, error: 'Unrecognized match type contains' },
  { id: 'ruler-i229', pattern: { a: [{ exactly: 5 }] }, invalid: true, error: 'exact match pattern must be a string' },
  { id: 'ruler-m230', pattern: { a: [{ exactly: 'x' }] }, event: { a: 'x' }, match: true },
  { id: 'ruler-i231', pattern: ['a'], invalid: true, error: 'Filter is not an object' },
  // aws/event-ruler ACMachineTest#songsACTest (array consistency)
  {
    id: 'acmachine-m0',
    pattern: { Year: [1966], Songs: { Name: ['Paperback Writer'], Writers: { First: ['Paul'], Last: ['McCartney'] } } },
    event: {
      Year: 1966,
      Genres: [{ Pop: true }, { Classical: false }],
      Songs: [
        {
          Name: 'Paperback Writer',
          Writers: [
            { First: 'John', Last: 'Lennon' },
            { First: 'Paul', Last: 'McCartney' },
          ],
        },
        {
          Name: 'Paint It Black',
          Writers: [
            { First: 'Mick', Last: 'Jagger' },
            { First: 'Keith', Last: 'Richards' },
          ],
        },
      ],
    },
    match: true,
  },
  {
    id: 'acmachine-m1',
    pattern: { Genres: { Pop: [true] }, Songs: { Name: ['Paint It Black'] } },
    event: {
      Year: 1966,
      Genres: [{ Pop: true }, { Classical: false }],
      Songs: [
        {
          Name: 'Paperback Writer',
          Writers: [
            { First: 'John', Last: 'Lennon' },
            { First: 'Paul', Last: 'McCartney' },
          ],
        },
        {
          Name: 'Paint It Black',
          Writers: [
            { First: 'Mick', Last: 'Jagger' },
            { First: 'Keith', Last: 'Richards' },
          ],
        },
      ],
    },
    match: true,
  },
  {
    id: 'acmachine-m2',
    pattern: { Year: [1966], Songs: { Name: ['Paint It Black'] } },
    event: {
      Year: 1966,
      Genres: [{ Pop: true }, { Classical: false }],
      Songs: [
        {
          Name: 'Paperback Writer',
          Writers: [
            { First: 'John', Last: 'Lennon' },
            { First: 'Paul', Last: 'McCartney' },
          ],
        },
        {
          Name: 'Paint It Black',
          Writers: [
            { First: 'Mick', Last: 'Jagger' },
            { First: 'Keith', Last: 'Richards' },
          ],
        },
      ],
    },
    match: true,
  },
  {
    id: 'acmachine-m3',
    pattern: { Songs: { Name: ['Paperback Writer'], Writers: { First: ['Paul'], Last: ['McCartney'] } } },
    event: {
      Year: 1966,
      Genres: [{ Pop: true }, { Classical: false }],
      Songs: [
        {
          Name: 'Paperback Writer',
          Writers: [
            { First: 'John', Last: 'Lennon' },
            { First: 'Paul', Last: 'McCartney' },
          ],
        },
        {
          Name: 'Paint It Black',
          Writers: [
            { First: 'Mick', Last: 'Jagger' },
            { First: 'Keith', Last: 'Richards' },
          ],
        },
      ],
    },
    match: true,
  },
  {
    id: 'acmachine-m4',
    pattern: { Year: [1966], Songs: { Name: ['Paperback Writer'], Writers: { First: ['Mick'] } } },
    event: {
      Year: 1966,
      Genres: [{ Pop: true }, { Classical: false }],
      Songs: [
        {
          Name: 'Paperback Writer',
          Writers: [
            { First: 'John', Last: 'Lennon' },
            { First: 'Paul', Last: 'McCartney' },
          ],
        },
        {
          Name: 'Paint It Black',
          Writers: [
            { First: 'Mick', Last: 'Jagger' },
            { First: 'Keith', Last: 'Richards' },
          ],
        },
      ],
    },
    match: false,
  },
  {
    id: 'acmachine-m5',
    pattern: { Songs: { Writers: { First: ['Mick'], Last: ['McCartney'] } } },
    event: {
      Year: 1966,
      Genres: [{ Pop: true }, { Classical: false }],
      Songs: [
        {
          Name: 'Paperback Writer',
          Writers: [
            { First: 'John', Last: 'Lennon' },
            { First: 'Paul', Last: 'McCartney' },
          ],
        },
        {
          Name: 'Paint It Black',
          Writers: [
            { First: 'Mick', Last: 'Jagger' },
            { First: 'Keith', Last: 'Richards' },
          ],
        },
      ],
    },
    match: false,
  },
  {
    id: 'acmachine-m6',
    pattern: { Genres: { Pop: [true] }, Songs: { Writers: { First: ['Mick'], Last: ['McCartney'] } } },
    event: {
      Year: 1966,
      Genres: [{ Pop: true }, { Classical: false }],
      Songs: [
        {
          Name: 'Paperback Writer',
          Writers: [
            { First: 'John', Last: 'Lennon' },
            { First: 'Paul', Last: 'McCartney' },
          ],
        },
        {
          Name: 'Paint It Black',
          Writers: [
            { First: 'Mick', Last: 'Jagger' },
            { First: 'Keith', Last: 'Richards' },
          ],
        },
      ],
    },
    match: false,
  },
  // aws/event-ruler ACMachineTest#intensitiesACTest (nested arrays mixing objects and numbers)
  {
    id: 'acmachine-m7',
    pattern: { lines: { points: { pp: ['index0'] } } },
    event: {
      lines: [
        {
          intensities: [[0.5]],
          points: [
            [
              [{ pp: 'index0' }, 483.3474497412421, 287.48116291799363],
              [{ pp: 'index1' }, 489.9999497412421, 299.9999629179936],
            ],
          ],
        },
      ],
    },
    match: true,
  },
  {
    id: 'acmachine-m8',
    pattern: { lines: { points: [287.48116291799363] } },
    event: {
      lines: [
        {
          intensities: [[0.5]],
          points: [
            [
              [{ pp: 'index0' }, 483.3474497412421, 287.48116291799363],
              [{ pp: 'index1' }, 489.9999497412421, 299.9999629179936],
            ],
          ],
        },
      ],
    },
    match: true,
  },
  // aws/event-ruler ACMachineTest#rulesFromREADMETest (dotted event keys "c.count")
  {
    id: 'acmachine-m9',
    pattern: {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { state: ['initializing', 'running'] },
    },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { 'c.count': 5, 'd.count': 3, 'x.limit': 301.8, 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
    },
    match: true,
  },
  {
    id: 'acmachine-m10',
    pattern: { time: [{ prefix: '2017-10-02' }], detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { 'c.count': 5, 'd.count': 3, 'x.limit': 301.8, 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
    },
    match: true,
  },
  {
    id: 'acmachine-m11',
    pattern: { time: [{ prefix: '2017-10-02' }], detail: { state: [{ suffix: 'ing' }] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { 'c.count': 5, 'd.count': 3, 'x.limit': 301.8, 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
    },
    match: true,
  },
  {
    id: 'acmachine-m12',
    pattern: {
      detail: { 'c.count': [{ numeric: ['>', 0, '<=', 5] }], 'd.count': [{ numeric: ['<', 10] }], 'x.limit': [{ numeric: ['=', 301.8] }] },
    },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { 'c.count': 5, 'd.count': 3, 'x.limit': 301.8, 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
    },
    match: true,
  },
  {
    id: 'acmachine-m13',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { 'c.count': 5, 'd.count': 3, 'x.limit': 301.8, 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
    },
    match: true,
  },
  {
    id: 'acmachine-m14',
    pattern: { detail: { 'instance-id': [{ 'anything-but': { suffix: '1234' } }] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { 'c.count': 5, 'd.count': 3, 'x.limit': 301.8, 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
    },
    match: true,
  },
  {
    id: 'acmachine-m15',
    pattern: { detail: { c: { count: [5] } } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { 'c.count': 5, 'd.count': 3, 'x.limit': 301.8, 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
    },
    match: true,
  },
  // aws/event-ruler ACMachineTest#testAnythingButDeletion
  {
    id: 'acmachine-m16',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'dad0' }],
      d: [{ 'anything-but': 111 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
    },
    event: { a: 'child1', b: '444', c: 'child1', d: '444', z: 0.001 },
    match: true,
  },
  {
    id: 'acmachine-m17',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'dad0' }],
      d: [{ 'anything-but': 111 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
    },
    event: { a: 'dad4', b: 444, c: 'child1', d: '444', z: 0.001 },
    match: true,
  },
  {
    id: 'acmachine-m18',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'dad0' }],
      d: [{ 'anything-but': 111 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
    },
    event: { a: 'dad4', b: 111, c: 'child1', d: '444', z: 0.001 },
    match: false,
  },
  {
    id: 'acmachine-m19',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'dad0' }],
      d: [{ 'anything-but': 111 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
    },
    event: { a: 'dad4', b: '111', c: 'child1', d: 111, z: 0.001 },
    match: false,
  },
  // aws/event-ruler ACMachineTest#testAnythingButSuffix
  { id: 'acmachine-m20', pattern: { a: [{ 'anything-but': { suffix: '$' } }] }, event: { a: 'value$' }, match: false },
  { id: 'acmachine-m21', pattern: { a: [{ 'anything-but': { suffix: '$' } }] }, event: { a: 'notvalue' }, match: true },
  { id: 'acmachine-m22', pattern: { a: [{ 'anything-but': { suffix: '$' } }] }, event: { a: '$notvalue' }, match: true },
  // aws/event-ruler ACMachineTest#testNumericMatch
  {
    id: 'acmachine-m23',
    pattern: {
      a: [{ numeric: ['=', 0] }],
      b: [{ numeric: ['<', 0] }],
      c: [{ numeric: ['<=', 0] }],
      x: [{ numeric: ['>', 0] }],
      y: [{ numeric: ['>=', 0] }],
      z: [{ numeric: ['>', 0, '<', 1] }],
    },
    event: { a: [0], b: [-0.1], c: [0], x: [1], y: [0], z: [0.1] },
    match: true,
  },
  // aws/event-ruler ACMachineTest#testACWithExistFalseRule
  {
    id: 'acmachine-m24',
    pattern: {
      requestContext: {
        taskInstances: {
          taskInstanceState: ['ACTIVE'],
          provider: { id: ['QQQQQQQQQQQQ'] },
          resources: { additionalContext: { capabilityInterfaces: { interfaceName: [{ exists: false }] } } },
        },
      },
    },
    event: {
      requestContext: {
        taskInstances: [
          {
            taskInstanceId: 'id1',
            taskInstanceState: 'ACTIVE',
            provider: { id: 'QQQQQQQQQQQQ', type: 'QQQQQQQQ' },
            resources: [{ legacyFocusCategory: 'QQQQQFocus', endpointIdentifier: { type: 'QQQIdentifier', MaskedNumber: 'QQQQQQQQQQ' } }],
          },
          {
            taskInstanceId: 'id1',
            taskInstanceState: 'InACTIVE',
            provider: { id: 'SomeRandom', type: 'QQQQQQQQ' },
            resources: [
              {
                legacyFocusCategory: 'QQQQQFocus',
                endpointIdentifier: { type: 'QQQIdentifier', MaskedNumber: 'QQQQQQQQQQ' },
                additionalContext: { capabilityInterfaces: [{ interfaceName: 'Dummy.DummyDumDum' }] },
              },
            ],
          },
        ],
      },
    },
    match: true,
  },
  {
    id: 'acmachine-m25',
    pattern: {
      requestContext: {
        taskInstances: {
          taskInstanceState: ['ACTIVE'],
          provider: { id: ['QQQQQQQQQQQQ'] },
          resources: { additionalContext: { capabilityInterfaces: { abc: [{ exists: false }] } } },
        },
      },
    },
    event: {
      requestContext: {
        taskInstances: [
          {
            taskInstanceId: 'id1',
            taskInstanceState: 'ACTIVE',
            provider: { id: 'QQQQQQQQQQQQ', type: 'QQQQQQQQ' },
            resources: [{ legacyFocusCategory: 'QQQQQFocus', endpointIdentifier: { type: 'QQQIdentifier', MaskedNumber: 'QQQQQQQQQQ' } }],
          },
          {
            taskInstanceId: 'id1',
            taskInstanceState: 'InACTIVE',
            provider: { id: 'SomeRandom', type: 'QQQQQQQQ' },
            resources: [
              {
                legacyFocusCategory: 'QQQQQFocus',
                endpointIdentifier: { type: 'QQQIdentifier', MaskedNumber: 'QQQQQQQQQQ' },
                additionalContext: { capabilityInterfaces: [{ interfaceName: 'Dummy.DummyDumDum' }] },
              },
            ],
          },
        ],
      },
    },
    match: true,
  },
  {
    id: 'acmachine-m26',
    pattern: {
      requestContext: {
        taskInstances: {
          taskInstanceState: ['ACTIVE'],
          provider: { id: ['QQQQQQQQQQQQ'] },
          resources: { additionalContext: { capabilityInterfaces: { interfaceName: [{ exists: false }] } } },
        },
      },
    },
    event: {
      requestContext: {
        taskInstances: [
          {
            taskInstanceId: 'id1',
            taskInstanceState: 'ACTIVE',
            provider: { id: 'QQQQQQQQQQQQ', type: 'QQQQQQQQ' },
            resources: [
              {
                legacyFocusCategory: 'QQQQQFocus',
                endpointIdentifier: { type: 'QQQIdentifier', MaskedNumber: 'QQQQQQQQQQ' },
                additionalContext: { capabilityInterfaces: [{ interfaceName: 'QQQQ.QQQQQQQQQQQQQQ' }] },
              },
            ],
          },
          {
            taskInstanceId: 'id1',
            taskInstanceState: 'InACTIVE',
            provider: { id: 'SomeRandom', type: 'QQQQQQQQ' },
            resources: [
              {
                legacyFocusCategory: 'QQQQQFocus',
                endpointIdentifier: { type: 'QQQIdentifier', MaskedNumber: 'QQQQQQQQQQ' },
                additionalContext: { capabilityInterfaces: [{ interfaceName: 'QQQQ.QQQQQQQQQQQQQQ' }] },
              },
            ],
          },
        ],
      },
    },
    match: false,
  },
  {
    id: 'acmachine-m27',
    pattern: {
      requestContext: {
        taskInstances: {
          taskInstanceState: ['ACTIVE'],
          provider: { id: ['QQQQQQQQQQQQ'] },
          resources: { additionalContext: { capabilityInterfaces: { abc: [{ exists: false }] } } },
        },
      },
    },
    event: {
      requestContext: {
        taskInstances: [
          {
            taskInstanceId: 'id1',
            taskInstanceState: 'ACTIVE',
            provider: { id: 'QQQQQQQQQQQQ', type: 'QQQQQQQQ' },
            resources: [
              {
                legacyFocusCategory: 'QQQQQFocus',
                endpointIdentifier: { type: 'QQQIdentifier', MaskedNumber: 'QQQQQQQQQQ' },
                additionalContext: { capabilityInterfaces: [{ interfaceName: 'QQQQ.QQQQQQQQQQQQQQ' }] },
              },
            ],
          },
          {
            taskInstanceId: 'id1',
            taskInstanceState: 'InACTIVE',
            provider: { id: 'SomeRandom', type: 'QQQQQQQQ' },
            resources: [
              {
                legacyFocusCategory: 'QQQQQFocus',
                endpointIdentifier: { type: 'QQQIdentifier', MaskedNumber: 'QQQQQQQQQQ' },
                additionalContext: { capabilityInterfaces: [{ interfaceName: 'QQQQ.QQQQQQQQQQQQQQ' }] },
              },
            ],
          },
        ],
      },
    },
    match: true,
  },
  // aws/event-ruler RulerTest#WHEN_RulesFromReadmeAreTried_THEN_TheyWork
  {
    id: 'rulertest-r0',
    pattern: {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { state: ['initializing', 'running'] },
    },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: {
        'c.count': 5,
        'd.count': 3,
        'x.limit': 301.8,
        'source-ip': '10.0.0.33',
        'instance-id': 'i-000000aaaaaa00000',
        state: 'running',
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r1',
    pattern: { time: [{ prefix: '2017-10-02' }], detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: {
        'c.count': 5,
        'd.count': 3,
        'x.limit': 301.8,
        'source-ip': '10.0.0.33',
        'instance-id': 'i-000000aaaaaa00000',
        state: 'running',
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r2',
    pattern: {
      detail: {
        'source-ip': [{ cidr: '10.0.0.0/24' }],
        'c.count': [{ numeric: ['>', 0, '<=', 5] }],
        'd.count': [{ numeric: ['<', 10] }],
        'x.limit': [{ numeric: ['=', 301.8] }],
      },
    },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: {
        'c.count': 5,
        'd.count': 3,
        'x.limit': 301.8,
        'source-ip': '10.0.0.33',
        'instance-id': 'i-000000aaaaaa00000',
        state: 'running',
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r3',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: {
        'c.count': 5,
        'd.count': 3,
        'x.limit': 301.8,
        'source-ip': '10.0.0.33',
        'instance-id': 'i-000000aaaaaa00000',
        state: 'running',
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r4',
    pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: {
        'c.count': 5,
        'd.count': 3,
        'x.limit': 301.8,
        'source-ip': '10.0.0.33',
        'instance-id': 'i-000000aaaaaa00000',
        state: 'running',
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r5',
    pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: {
        'c.count': 5,
        'd.count': 3,
        'x.limit': 301.8,
        'source-ip': '10.0.0.33',
        'instance-id': 'i-000000aaaaaa00000',
        state: 'running',
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r6',
    pattern: { detail: { state: ['initializing', 'running'] } },
    event: {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      'detail.c.count': 5,
      'detail.d.count': 3,
      'detail.x.limit': 301.8,
      'detail.instance-id': 'i-000000aaaaaa00000',
      'detail.state': 'running',
    },
    match: true,
  },
  // aws/event-ruler RulerTest#WHEN_WeWriteRulesToMatchVariousFieldCombos_THEN_TheyWork
  {
    id: 'rulertest-r7',
    pattern: { Image: { Width: [800], Thumbnail: { Height: [125, 300] } } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r8',
    pattern: { Image: { Thumbnail: { Url: [{ prefix: 'http' }] } } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r9',
    pattern: {
      Image: {
        Width: [{ numeric: ['<', 1000] }],
        Height: [{ numeric: ['<=', 600] }],
        Title: [{ 'anything-but': 'View from 15th Flood' }],
        Thumbnail: {
          Url: [{ prefix: 'http' }],
          Height: [{ numeric: ['>', 124, '<', 126] }],
          Width: [{ numeric: ['>=', 99.999, '<=', 100] }],
        },
        Animated: [false],
      },
    },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: true,
  },
  {
    id: 'rulertest-r10',
    pattern: { Image: { Width: [{ numeric: ['<', 800] }] } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: false,
  },
  {
    id: 'rulertest-r11',
    pattern: { Image: { Height: [{ numeric: ['<', 599] }] } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: false,
  },
  {
    id: 'rulertest-r12',
    pattern: { Image: { Title: [{ 'anything-but': 'View from 15th Floor' }] } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: false,
  },
  {
    id: 'rulertest-r13',
    pattern: { Image: { Thumbnail: { Url: [{ prefix: 'https' }] } } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: false,
  },
  {
    id: 'rulertest-r14',
    pattern: { Image: { Thumbnail: { Height: [{ numeric: ['>', 124, '<', 125] }] } } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: false,
  },
  {
    id: 'rulertest-r15',
    pattern: { Image: { Thumbnail: { Width: [{ numeric: ['>=', 100.00001, '<=', 1001] }] } } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: false,
  },
  {
    id: 'rulertest-r16',
    pattern: { Image: { Animated: [true] } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: false,
  },
  {
    id: 'rulertest-r17',
    pattern: { Image: { IDs: [943] } },
    event: {
      Image: {
        Width: 800,
        Height: 600,
        Title: 'View from 15th Floor',
        Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
        Animated: false,
        IDs: [116, 943, 234, 38793],
      },
    },
    match: true,
  },
  // aws/event-ruler RulerTest#WHEN_JSONContainsArrays_THEN_RulerNoCompileMatchesWork
  {
    id: 'rulertest-r18',
    pattern: { employees: { firstName: ['Anna'] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: true,
  },
  {
    id: 'rulertest-r19',
    pattern: { employees: { firstName: ['John'], ids: [1000] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: true,
  },
  {
    id: 'rulertest-r20',
    pattern: { employees: { firstName: ['Anna'], ids: [{ exists: false }] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: true,
  },
  {
    id: 'rulertest-r21',
    pattern: { employees: { firstName: ['Alice'] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: false,
  },
  {
    id: 'rulertest-r22',
    pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: false,
  },
  {
    id: 'rulertest-r23',
    pattern: { employees: { firstName: ['Alice'], lastName: ['Bob'] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: false,
  },
  {
    id: 'rulertest-r24',
    pattern: { a: ['b'] },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: false,
  },
  {
    id: 'rulertest-r25',
    pattern: { employees: ['b'] },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: false,
  },
  {
    id: 'rulertest-r26',
    pattern: { employees: { firstName: ['Anna'], ids: [1000] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: false,
  },
  {
    id: 'rulertest-r27',
    pattern: { employees: { firstName: ['Anna'], ids: [{ exists: true }] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: false,
  },
  {
    id: 'rulertest-r28',
    pattern: { employees: { firstName: ['Peter'], ids: [{ exists: false }] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: true,
  },
  {
    id: 'rulertest-r29',
    pattern: { employees: { firstName: ['John'], ids: [{ exists: false }] } },
    event: {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
      ],
    },
    match: false,
  },
  // aws/event-ruler RulerTest#WHEN_WeTryToMatchExistsRules_THEN_TheyWork
  { id: 'rulertest-r30', pattern: { a: [{ exists: true }] }, event: { a: 1 }, match: true },
  { id: 'rulertest-r31', pattern: { b: [{ exists: false }] }, event: { a: 1 }, match: true },
  { id: 'rulertest-r32', pattern: { x: [{ exists: true }] }, event: { a: 1 }, match: false },
  { id: 'rulertest-r33', pattern: { x: [{ exists: false }] }, event: { a: 1 }, match: true },
  { id: 'rulertest-r34', pattern: { a: [{ exists: true }] }, event: { b: 2 }, match: false },
  { id: 'rulertest-r35', pattern: { b: [{ exists: false }] }, event: { b: 2 }, match: false },
  { id: 'rulertest-r36', pattern: { x: [{ exists: true }] }, event: { b: 2 }, match: false },
  { id: 'rulertest-r37', pattern: { x: [{ exists: false }] }, event: { b: 2 }, match: true },
  { id: 'rulertest-r38', pattern: { a: [{ exists: true }] }, event: { x: 'X' }, match: false },
  { id: 'rulertest-r39', pattern: { b: [{ exists: false }] }, event: { x: 'X' }, match: true },
  { id: 'rulertest-r40', pattern: { x: [{ exists: true }] }, event: { x: 'X' }, match: true },
  { id: 'rulertest-r41', pattern: { x: [{ exists: false }] }, event: { x: 'X' }, match: false },
  // aws/event-ruler RulerTest#WHEN_WeTryAnythingButRules_THEN_Theywork
  {
    id: 'rulertest-r42',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'child1', b: '444', c: 'child1', d: 123, w: 'xaz', z: 0.001, n: 'nomatch', o: 'nomatch', p: 'nomatch' },
    match: true,
  },
  {
    id: 'rulertest-r43',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'dad789', b: 789, c: 'zdd', d: 123, w: 'xaz', z: 0.001, n: 'nomatch', o: 'nomatch', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r44',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'dad789', b: 789, c: 'child1', d: 123, w: 'xaz', z: 1.01, n: 'nomatch', o: 'nomatch', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r45',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'dad1', b: 345, c: 'child1', d: 123, w: 'xaz', z: 0.001, n: 'nomatch', o: 'nomatch', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r46',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'abc', b: 111, c: 'child1', d: 123, w: 'xaz', z: 0.001, n: 'nomatch', o: 'nomatch', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r47',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'dad1', b: 333, c: 'child1', d: 123, w: 'xaz', z: 0.001, n: 'nomatch', o: 'nomatch', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r48',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'abc', b: 0, c: 'child1', d: 444, w: 'xaz', z: 0.999999, n: 'nomatch', o: 'nomatch', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r49',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'child1', b: '444', c: 'child1', d: 123, w: 'zaxonie', z: 0.001, n: 'nomatch', o: 'nomatch', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r50',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'child1', b: '444', c: 'child1', d: 123, w: 'xaz', z: 0.001, n: 'matching', o: 'nomatch', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r51',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'child1', b: '444', c: 'child1', d: 123, w: 'xaz', z: 0.001, n: 'nomatch', o: 'camelcase', p: 'nomatch' },
    match: false,
  },
  {
    id: 'rulertest-r52',
    pattern: {
      a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
      b: [{ 'anything-but': [111, 222, 333] }],
      c: [{ 'anything-but': 'zdd' }],
      d: [{ 'anything-but': 444 }],
      z: [{ numeric: ['>', 0, '<', 1] }],
      w: [{ 'anything-but': { prefix: 'zax' } }],
      n: [{ 'anything-but': { suffix: 'ing' } }],
      o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
      p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
    },
    event: { a: 'child1', b: '444', c: 'child1', d: 123, w: 'xaz', z: 0.001, n: 'nomatch', o: 'nomatch', p: 'abc' },
    match: false,
  },
  // aws/event-ruler RulerTest#WHEN_WeTryEqualsIgnoreCaseRules_THEN_TheyWork
  {
    id: 'rulertest-r53',
    pattern: { a: [{ 'equals-ignore-case': 'aBc' }], b: [{ 'equals-ignore-case': 'Def' }], c: [{ 'equals-ignore-case': 'xyZ' }] },
    event: { a: 'ABC', b: 'defx', c: 'xYz', d: 'rst' },
    match: false,
  },
  {
    id: 'rulertest-r54',
    pattern: { a: [{ 'equals-ignore-case': 'aBc' }], b: [{ 'equals-ignore-case': 'Def' }], c: [{ 'equals-ignore-case': 'xyZ' }] },
    event: { a: 'ABC', c: 'xYz', d: 'rst' },
    match: false,
  },
  {
    id: 'rulertest-r55',
    pattern: { a: [{ 'equals-ignore-case': 'aBc' }], b: [{ 'equals-ignore-case': 'Def' }], c: [{ 'equals-ignore-case': 'xyZ' }] },
    event: { a: 'ABC', b: 'xYz', c: 'def', d: 'rst' },
    match: false,
  },
  {
    id: 'rulertest-r56',
    pattern: { a: [{ 'equals-ignore-case': 'aBc' }], b: [{ 'equals-ignore-case': 'Def' }], c: [{ 'equals-ignore-case': 'xyZ' }] },
    event: { a: 'ABC', b: 'def', c: 'xYz', d: 'rst' },
    match: true,
  },
  // aws/event-ruler RulerTest#WHEN_WeTryWildcardRules_THEN_TheyWork
  {
    id: 'rulertest-r57',
    pattern: { a: [{ wildcard: '*bc' }], b: [{ wildcard: 'd*f' }], c: [{ wildcard: 'xy*' }], d: [{ wildcard: 'xy*' }] },
    event: { a: 'abcbc', b: 'deeeefx', c: 'xy', d: 'xyzzz' },
    match: false,
  },
  {
    id: 'rulertest-r58',
    pattern: { a: [{ wildcard: '*bc' }], b: [{ wildcard: 'd*f' }], c: [{ wildcard: 'xy*' }], d: [{ wildcard: 'xy*' }] },
    event: { a: 'abcbc', b: 'deeeef', d: 'xyzzz' },
    match: false,
  },
  {
    id: 'rulertest-r59',
    pattern: { a: [{ wildcard: '*bc' }], b: [{ wildcard: 'd*f' }], c: [{ wildcard: 'xy*' }], d: [{ wildcard: 'xy*' }] },
    event: { a: 'abcbc', b: 'xy', c: 'deeeef', d: 'xyzzz' },
    match: false,
  },
  {
    id: 'rulertest-r60',
    pattern: { a: [{ wildcard: '*bc' }], b: [{ wildcard: 'd*f' }], c: [{ wildcard: 'xy*' }], d: [{ wildcard: 'xy*' }] },
    event: { a: 'abcbc', b: 'deeeef', c: 'xy', d: 'xyzzz' },
    match: true,
  },
  // aws/event-ruler JsonRuleCompiler (prefix stored as '"'+text, suffix as text+'"') and Event.java (string values compared as
  // '"'+value+'"')
  { id: 'quote-q1', pattern: { a: [{ prefix: 'abc"' }] }, event: { a: 'abc' }, match: true },
  { id: 'quote-q2', pattern: { a: [{ prefix: 'abc"' }] }, event: { a: 'abcd' }, match: false },
  { id: 'quote-q3', pattern: { a: [{ prefix: 'abc"' }] }, event: { a: 'abc"d' }, match: true },
  { id: 'quote-q4', pattern: { a: [{ prefix: '"' }] }, event: { a: '' }, match: true },
  { id: 'quote-q5', pattern: { a: [{ suffix: '"' }] }, event: { a: '' }, match: true },
  { id: 'quote-q6', pattern: { a: [{ suffix: '"abc' }] }, event: { a: 'abc' }, match: true },
  { id: 'quote-q7', pattern: { a: [{ suffix: '"abc' }] }, event: { a: 'xabc' }, match: false },
  { id: 'quote-q8', pattern: { a: [{ prefix: { 'equals-ignore-case': 'ABC"' } }] }, event: { a: 'abc' }, match: true },
  { id: 'quote-q9', pattern: { a: [{ suffix: { 'equals-ignore-case': '"ABC' } }] }, event: { a: 'abc' }, match: true },
  { id: 'quote-q10', pattern: { a: [{ 'anything-but': { prefix: 'abc"' } }] }, event: { a: 'abc' }, match: false },
  { id: 'quote-q11', pattern: { a: [{ 'anything-but': { suffix: '"abc' } }] }, event: { a: 'abc' }, match: false },
  { id: 'quote-q12', pattern: { a: [{ prefix: 'abc"' }] }, event: { a: 5 }, match: false },
  { id: 'quote-q13', pattern: { a: [{ prefix: '"' }] }, event: { a: null }, match: false },
  // aws/event-ruler JsonRuleCompiler.processAnythingButValuesSetMatchExpression / processAnythingButListMatchExpression; AWS error quoted
  // at openillumi.com (anything-but list of prefix objects)
  { id: 'misc-e1', pattern: { a: [{ 'anything-but': { prefix: [] } }] }, event: { a: 'x' }, match: true },
  { id: 'misc-e2', pattern: { a: [{ 'anything-but': { 'equals-ignore-case': [] } }] }, event: { a: 5 }, match: true },
  { id: 'misc-e3', pattern: { a: [{ 'anything-but': { wildcard: [] } }] }, event: {}, match: false },
  {
    id: 'misc-e4',
    pattern: { a: [{ 'anything-but': { wildcard: ['a**', 5] } }] },
    invalid: true,
    error: 'wildcard match pattern must be a string',
  },
  { id: 'misc-e5', pattern: { a: [{ 'anything-but': { prefix: ['', 5] } }] }, invalid: true, error: 'Null prefix/suffix not allowed' },
  {
    id: 'misc-e6',
    pattern: { a: [{ 'anything-but': { x: 1, prefix: 'a' } }] },
    invalid: true,
    error: 'Unsupported anything-but pattern: x',
  },
  {
    id: 'misc-e7',
    pattern: { a: [{ 'anything-but': [{ prefix: 'abc-' }, { prefix: 'xyz-' }] }] },
    invalid: true,
    error: 'Inside anything but list, start|null|boolean is not supported.',
  },
  {
    id: 'misc-e8',
    pattern: { a: [{ 'anything-but': ['a', ['b']] }] },
    invalid: true,
    error: 'Inside anything but list, start|null|boolean is not supported.',
  },
  // user guide numeric matching; aws/event-ruler Range.java
  { id: 'misc-e9', pattern: { a: [{ numeric: ['>', 5, '<', 10] }, { numeric: ['=', 20] }] }, event: { a: [1, 20] }, match: true },
  { id: 'misc-e10', pattern: { a: [{ numeric: ['>=', -1000000000.0, '<', -5] }] }, event: { a: -1000000000.0 }, match: true },
  { id: 'misc-e11', pattern: { a: [{ numeric: ['>', -10, '<', -5] }] }, event: { a: -5 }, match: false },
  { id: 'misc-e12', pattern: { a: [{ numeric: ['<', 1e-6] }] }, event: { a: 0 }, match: true },
  { id: 'misc-e13', pattern: { a: [{ numeric: ['=', 0.5] }] }, event: { a: 0.5 }, match: true },
  { id: 'misc-e14', pattern: { a: [{ numeric: ['>', 0] }] }, event: { a: [] }, match: false },
  { id: 'misc-e15', pattern: { a: [{ numeric: ['>', 0] }] }, event: { a: ['1'] }, match: false },
  // localstack or-exists / content_exists templates; aws/event-ruler README exists
  { id: 'misc-e16', pattern: { a: [{ exists: true }, { exists: false }] }, event: { a: { b: 1 } }, match: true },
  { id: 'misc-e17', pattern: { a: [{ 'anything-but': ['roses'] }, { exists: false }] }, event: { a: 'roses' }, match: false },
  { id: 'misc-e18', pattern: { a: [{ 'anything-but': ['roses'] }, { exists: false }] }, event: {}, match: true },
  { id: 'misc-e19', pattern: { a: [{ 'anything-but': ['roses'] }, { exists: false }] }, event: { a: 'lily' }, match: true },
  // aws/event-ruler JsonRuleCompiler $or handling, Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP
  { id: 'misc-e20', pattern: { $or: [{ a: ['1'] }, { b: ['2'] }], c: ['3'] }, event: { b: '2', c: '3' }, match: true },
  { id: 'misc-e21', pattern: { $or: [{ a: ['1'] }, { b: ['2'] }], c: ['3'] }, event: { b: '2' }, match: false },
  {
    id: 'misc-e22',
    pattern: { a: { $or: [{ b: { prefix: ['x'] } }, { c: ['1'] }] } },
    invalid: true,
    error: 'prefix is Ruler reserved fieldName which cannot be used inside $or.',
  },
  { id: 'misc-e23', pattern: { $or: [{ a: ['1'] }, { b: ['2'] }], prefix: ['x'] }, event: { a: '1', prefix: 'x' }, match: true },
  { id: 'misc-e24', pattern: { $or: [{ a: '1' }, { b: ['2'] }] }, invalid: true, error: '"a" must be an object or an array' },
  { id: 'misc-e25', pattern: { $or: [{ a: [] }, { b: ['2'] }] }, invalid: true, error: 'Empty arrays are not allowed' },
  { id: 'misc-e26', pattern: { $or: [{ $or: [{ a: ['1'] }, { b: ['2'] }] }, { c: ['3'] }] }, event: { b: '2' }, match: true },
  {
    id: 'misc-e27',
    pattern: { $or: [{ '=': ['1'] }, { b: ['2'] }] },
    invalid: true,
    error: '= is Ruler reserved fieldName which cannot be used inside $or.',
  },
  {
    id: 'misc-e28',
    pattern: { $or: [{ a: ['1'] }, { b: ['2'] }], x: { $or: [{ c: ['3'] }, { d: ['4'] }] } },
    event: { a: '1', x: { d: '4' } },
    match: true,
  },
  // aws/event-ruler ComparableNumber.generate (a number that is not a finite double: "Cannot compare number : <n>"), Range.java,
  // JsonRuleCompilerTest#testNumericExpressions (1E309 and 2.0e422 are bad operands)
  { id: 'nonfinite-1', pattern: '{"x":[{"numeric":["=",1E309]}]}', invalid: true, error: 'Cannot compare number : Infinity' },
  { id: 'nonfinite-2', pattern: '{"x":[{"numeric":["<",2.0e422]}]}', invalid: true, error: 'Cannot compare number : Infinity' },
  { id: 'nonfinite-3', pattern: '{"x":[{"numeric":[">",-1E309]}]}', invalid: true, error: 'Cannot compare number : -Infinity' },
  { id: 'nonfinite-4', pattern: '{"x":[{"numeric":[">=",0,"<=",1E309]}]}', invalid: true, error: 'Cannot compare number : Infinity' },
  { id: 'nonfinite-5', pattern: '{"x":[{"numeric":[">",1E309,"<"]}]}', invalid: true, error: 'Value of < must be numeric' },
  { id: 'nonfinite-6', pattern: '{"x":[{"numeric":["=",1E309,5]}]}', invalid: true, error: 'Too many elements in numeric expression' },
  { id: 'nonfinite-7', pattern: '{"x":[{"anything-but":[1,1E309]}]}', invalid: true, error: 'Cannot compare number : Infinity' },
  { id: 'nonfinite-8', pattern: '{"x":[{"anything-but":1E309}]}', invalid: true, error: 'Cannot compare number : Infinity' },
  {
    id: 'nonfinite-9',
    pattern: '{"x":[{"anything-but":[null,1E309]}]}',
    invalid: true,
    error: 'Inside anything but list, start|null|boolean is not supported.',
  },
  { id: 'nonfinite-10', pattern: '{"x":[{"numeric":[">",0]}]}', eventJson: '{"x":1E400}', match: false },
  { id: 'nonfinite-11', pattern: '{"x":[{"numeric":["=",1E-320]}]}', eventJson: '{"x":1E-320}', match: true },
  { id: 'nonfinite-12', pattern: '{"x":[1E309]}', eventJson: '{"x":1E309}', match: true },
  { id: 'nonfinite-13', pattern: '{"x":[{"anything-but":[5]}]}', eventJson: '{"x":1E400}', match: true },
  // aws/event-ruler README (Caveat: compiled rules and JSON keys with dots) and JsonRuleCompiler.writeRules (a path written again replaces
  // the earlier condition)
  { id: 'dotted-d1', pattern: { a: ['1'], 'a.b': ['2'] }, event: { a: '1', 'a.b': '2' }, match: true },
  { id: 'dotted-d2', pattern: { a: { b: ['1'] }, 'a.b': ['2'] }, event: { a: { b: '2' } }, match: true },
  { id: 'dotted-d3', pattern: { a: { b: ['1'] }, 'a.b': ['2'] }, event: { a: { b: '1' } }, match: false },
  { id: 'dotted-d4', pattern: { 'a.b': ['2'], a: { b: ['1'] } }, event: { a: { b: '1' } }, match: true },
  { id: 'dotted-d5', pattern: { a: { 'b.c': ['1'] } }, event: { 'a.b': { c: '1' } }, match: true },
  { id: 'dotted-d6', pattern: { a: { b: { c: ['1'] } } }, event: { a: [{ 'b.c': '1' }] }, match: true },
];

const matchVectors = vectors.filter((vector) => vector.invalid !== true);
const invalidVectors = vectors.filter((vector) => vector.invalid === true);

describe('audit vectors', () => {
  it('have unique ids', () => {
    expect(new Set(vectors.map((vector) => vector.id)).size).toBe(vectors.length);
  });

  test.each(matchVectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
    const event = vector.eventJson === undefined ? vector.event : JSON.parse(vector.eventJson);
    expect(matchesPattern(compilePattern(vector.pattern), event)).toBe(vector.match);
  });

  test.each(invalidVectors.map((vector) => [vector.id, vector] as const))('%s is rejected', (_id, vector) => {
    let error: unknown;
    try {
      compilePattern(vector.pattern);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEventPatternError);
    if (vector.error !== undefined) expect((error as Error).message).toBe(vector.error);
  });
});

import { hasLimitingCondition, isEveryone, policyStatements, publicStatements } from '../../../shared/detections/rules/policyDocument';
import { ec2Items, isTrue, isWorldCidr, stringsOf } from '../../../shared/detections/rules/requestValues';

const open = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' };

describe('policyStatements', () => {
  test('reads a policy given as an object or as a JSON string, one statement or a list', () => {
    expect(policyStatements({ Statement: [open] })).toEqual([open]);
    expect(policyStatements(JSON.stringify({ Statement: open }))).toEqual([open]);
  });

  test.each([['not json'], [''], [null], [undefined], ['[1,2]'], [{ Version: '2012-10-17' }]])('%p is no policy, without throwing', (p) => {
    expect(policyStatements(p)).toBeUndefined();
    expect(publicStatements(p)).toEqual([]);
  });
});

describe('isEveryone', () => {
  test.each([['*'], [{ AWS: '*' }], [{ AWS: ['arn:aws:iam::111122223333:root', '*'] }], [['*']]])('%p is everyone', (p) => {
    expect(isEveryone(p)).toBe(true);
  });
  test.each([[{ AWS: 'arn:aws:iam::111122223333:root' }], [{ Service: 'cloudtrail.amazonaws.com' }], [undefined]])('%p is not', (p) => {
    expect(isEveryone(p)).toBe(false);
  });
});

describe('publicStatements', () => {
  test('an Allow to everyone without condition is public; a Deny or a named principal is not', () => {
    expect(publicStatements({ Statement: [open] })).toHaveLength(1);
    expect(publicStatements({ Statement: [{ ...open, Effect: 'Deny' }] })).toEqual([]);
    expect(publicStatements({ Statement: [{ ...open, Principal: { AWS: 'arn:aws:iam::444455556666:root' } }] })).toEqual([]);
  });

  test('an Allow with NotPrincipal allows everyone else: public', () => {
    const { Principal: _, ...rest } = open;
    expect(publicStatements({ Statement: [{ ...rest, NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' } }] })).toHaveLength(1);
  });

  test.each([
    [{ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }],
    [{ StringEquals: { 'aws:sourcevpce': 'vpce-1234' } }],
    [{ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }],
    [{ StringEquals: { 'aws:SourceAccount': '111122223333' } }],
    [{ 'ForAnyValue:StringEquals': { 'aws:SourceVpc': 'vpc-1' } }],
  ])('a limiting condition %j makes it not public', (Condition) => {
    expect(publicStatements({ Statement: [{ ...open, Condition }] })).toEqual([]);
  });

  test.each([
    ['a negated operator', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }],
    ['IfExists (a request without the key passes)', { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }],
    ['a /0 source range', { IpAddress: { 'aws:SourceIp': '198.51.100.7/0' } }],
    ['a wildcard value', { StringLike: { 'aws:PrincipalOrgID': '*' } }],
    ['an unrelated key', { StringEquals: { 'aws:UserAgent': 'curl' } }],
    ['a Null check', { Null: { 'aws:SourceVpc': 'false' } }],
  ])('a condition with %s does not limit', (_label, Condition) => {
    expect(hasLimitingCondition(Condition)).toBe(false);
    expect(publicStatements({ Statement: [{ ...open, Condition }] })).toHaveLength(1);
  });
});

describe('request values', () => {
  test.each([['0.0.0.0/0'], ['::/0'], ['198.51.100.7/0'], ['2001:db8::/0'], ['0.0.0.0/00']])('%s is the whole world', (cidr) => {
    expect(isWorldCidr(cidr)).toBe(true);
  });
  test.each([['10.0.0.0/8'], ['0.0.0.0/1'], ['::/10'], ['0.0.0.0'], [undefined]])('%p is not', (cidr) => {
    expect(isWorldCidr(cidr)).toBe(false);
  });
  test('EC2 lists, headers and booleans in their recorded spellings', () => {
    expect(ec2Items({ items: [{ a: 1 }] })).toEqual([{ a: 1 }]);
    expect(ec2Items({ items: { a: 1 } })).toEqual([{ a: 1 }]);
    expect(ec2Items(undefined)).toEqual([]);
    expect(stringsOf(['public-read'])).toEqual(['public-read']);
    expect(stringsOf('private')).toEqual(['private']);
    expect([isTrue(true), isTrue('TRUE'), isTrue('false'), isTrue(undefined)]).toEqual([true, true, false, false]);
  });
});

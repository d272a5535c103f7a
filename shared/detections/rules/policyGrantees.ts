import { isObject, policyStatements, type PolicyStatement } from './policyDocument';

/**
 * Who a policy grants to, by account: what the cross-account detections (role trust, bucket policy)
 * need beyond "is it public". Principals name accounts by id or by ARN; a statement open to "*" may be
 * confined to accounts or organisations by identity condition keys. Nothing here throws on odd input.
 */

/** The statements of a policy given as an object, a JSON string or a URL-encoded JSON string (IAM records some so). */
export function statementsOf(policy: unknown): PolicyStatement[] | undefined {
  const direct = policyStatements(policy);
  if (direct !== undefined || typeof policy !== 'string' || !policy.includes('%')) return direct;
  try {
    // Form encoding writes a space as "+" (a literal "+" is %2B), so "+" is decoded first.
    return policyStatements(decodeURIComponent(policy.replace(/\+/g, '%20')));
  } catch {
    return undefined;
  }
}

/** What one AWS principal value names: everyone, an account, or nothing we can place (a unique id, a malformed value). */
export type PrincipalAccount = { everyone: true } | { everyone: false; account: string } | undefined;

/**
 * "*" is everyone; a 12-digit id or an IAM/STS ARN names its account; an ARN whose account field holds
 * a wildcard ("arn:aws:iam::*:root") names every account, so it is everyone too.
 */
export function accountOfPrincipal(value: unknown): PrincipalAccount {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '*') return { everyone: true };
  if (/^\d{12}$/.test(v)) return { everyone: false, account: v };
  const arn = /^arn:[^:]+:(?:iam|sts)::([^:]*):/.exec(v);
  if (!arn) return undefined;
  const account = arn[1] ?? '';
  if (/[*?]/.test(account)) return { everyone: true };
  return /^\d{12}$/.test(account) ? { everyone: false, account } : undefined;
}

/** The AWS principal values of a statement's Principal: "*" itself, or those under its "AWS" key. */
export function awsPrincipalValues(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (!isObject(principal)) return [];
  const aws = principal.AWS;
  return (Array.isArray(aws) ? aws : [aws]).filter((v): v is string => typeof v === 'string');
}

/** Whether any value of a statement's Action (a string or a list, with IAM wildcards) covers one of `actions`. */
export function coversAction(statement: PolicyStatement, actions: readonly string[]): boolean {
  if (statement.Action === undefined) return true;
  const patterns = (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).filter(
    (a): a is string => typeof a === 'string',
  );
  return patterns.some((pattern) => {
    const regex = new RegExp(
      `^${pattern
        .trim()
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    return actions.some((action) => regex.test(action));
  });
}

/** Condition keys that confine a statement to the principals of named accounts (values are account ids or ARNs). */
const ACCOUNT_KEYS = ['aws:principalaccount', 'aws:sourceaccount'];
const ARN_KEYS = ['aws:principalarn', 'aws:sourcearn'];
/** ... or of named organisations (values are org ids, or org paths that start with one). */
const ORG_KEYS = ['aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths'];

export interface AllowedGrantees {
  /** The recipient account and the configured ones. */
  readonly accounts: ReadonlySet<string>;
  readonly organisations: ReadonlySet<string>;
}

export function allowedGrantees(recipient: string, accounts: readonly string[], organisations: readonly string[]): AllowedGrantees {
  return { accounts: new Set([recipient, ...accounts.map((a) => a.trim())]), organisations: new Set(organisations.map((o) => o.trim())) };
}

/**
 * What identity condition keys make of a statement open to "*": `confined` when one key (under a positive
 * operator, without IfExists) admits only allowed accounts or organisations (keys are ANDed, so one is
 * enough); otherwise `named` lists the outside accounts and organisations those keys name ("account 444455556666",
 * "organisation o-abc"), empty when no identity key is there at all. A value with a wildcard is never allowed.
 */
export function identityConfinement(condition: unknown, allowed: AllowedGrantees): { confined: boolean; named: string[] } {
  const named = new Set<string>();
  if (!isObject(condition)) return { confined: false, named: [] };
  for (const [operator, clause] of Object.entries(condition)) {
    if (!isObject(clause) || !isPositiveOperator(operator)) continue;
    for (const [rawKey, rawValue] of Object.entries(clause)) {
      const key = rawKey.toLowerCase();
      const values = (Array.isArray(rawValue) ? rawValue : [rawValue]).filter((v): v is string => typeof v === 'string');
      if (values.length === 0) continue;
      let outside: string[];
      if (ACCOUNT_KEYS.includes(key)) outside = values.filter((v) => !allowed.accounts.has(v.trim())).map((v) => `account ${v}`);
      else if (ARN_KEYS.includes(key))
        outside = values
          .map(arnAccount)
          .filter((a) => !allowed.accounts.has(a))
          .map((a) => `account ${a}`);
      else if (ORG_KEYS.includes(key)) {
        outside = values
          .map((v) => v.trim().split('/')[0] ?? '')
          .filter((o) => !allowed.organisations.has(o))
          .map((o) => `organisation ${o}`);
      } else continue;
      if (outside.length === 0) return { confined: true, named: [] };
      for (const o of outside) named.add(o);
    }
  }
  return { confined: false, named: [...named].sort() };
}

/** The account field of an ARN ("*" when it holds a wildcard or is not an ARN with one). */
function arnAccount(value: string): string {
  const account = value.trim().split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : '*';
}

/**
 * StringEquals, ArnLike, ForAnyValue:StringEquals...: not negated, not IfExists and not ForAllValues (a request
 * without the key passes both), not Null.
 */
function isPositiveOperator(operator: string): boolean {
  if (/^ForAllValues:/i.test(operator)) return false;
  const op = operator.replace(/^ForAnyValue:/i, '').toLowerCase();
  if (op.endsWith('ifexists') || op === 'null') return false;
  return /^(string|arn)/.test(op) && !/^(stringnot|arnnot)/.test(op);
}

/**
 * Resource policies as CloudTrail records them: a JSON string or an already parsed object, depending on
 * the service and the client. What the exfiltration detections need is which Allow statements grant
 * to everyone without a condition that limits who can use them.
 */

export interface PolicyStatement {
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly Condition?: unknown;
  readonly Sid?: unknown;
}

/** Condition keys that, given a real value, confine a statement to a network, an organisation or an account. */
export const LIMITING_CONDITION_KEYS = ['aws:SourceVpc', 'aws:SourceVpce', 'aws:PrincipalOrgID', 'aws:SourceIp', 'aws:SourceAccount'];

/** The statements of a policy given as a JSON string or object; undefined when it is absent or malformed (never throws). */
export function policyStatements(policy: unknown): PolicyStatement[] | undefined {
  let document = policy;
  if (typeof policy === 'string') {
    if (policy.trim() === '') return undefined;
    try {
      document = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  if (!isObject(document)) return undefined;
  const statements = document.Statement;
  if (Array.isArray(statements)) return statements.filter(isObject);
  return isObject(statements) ? [statements] : undefined;
}

/** "*", {"AWS": "*"} or a list holding "*": anyone, authenticated or not, in any account. */
export function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (Array.isArray(principal)) return principal.some(isEveryone);
  if (isObject(principal)) return isEveryone(principal.AWS) || isEveryone(principal.CanonicalUser);
  return false;
}

/**
 * An Allow statement open to everyone: Principal "*" (or {"AWS": "*"}), or NotPrincipal (which allows
 * everyone but those listed), with no limiting condition.
 */
export function isPublicStatement(statement: PolicyStatement, limitingKeys: readonly string[] = LIMITING_CONDITION_KEYS): boolean {
  if (statement.Effect !== 'Allow') return false;
  const toEveryone = isEveryone(statement.Principal) || statement.NotPrincipal !== undefined;
  return toEveryone && !hasLimitingCondition(statement.Condition, limitingKeys);
}

/** The statements of a policy that make it public; [] for a malformed or absent policy. */
export function publicStatements(policy: unknown, limitingKeys: readonly string[] = LIMITING_CONDITION_KEYS): PolicyStatement[] {
  return (policyStatements(policy) ?? []).filter((s) => isPublicStatement(s, limitingKeys));
}

/**
 * Whether a Condition block confines the statement. A key counts only with a positive operator
 * (StringNotEquals or NotIpAddress leave everyone else in), without IfExists (a request without the key,
 * such as one from the internet for aws:SourceVpc, passes), and with a value that names something:
 * "*" or a /0 CIDR limits nothing.
 */
export function hasLimitingCondition(condition: unknown, limitingKeys: readonly string[] = LIMITING_CONDITION_KEYS): boolean {
  if (!isObject(condition)) return false;
  const wanted = new Set(limitingKeys.map((k) => k.toLowerCase()));
  for (const [operator, clause] of Object.entries(condition)) {
    if (!isObject(clause) || !isPositiveOperator(operator)) continue;
    for (const [key, value] of Object.entries(clause)) {
      // Condition keys are case-insensitive in IAM.
      if (wanted.has(key.toLowerCase()) && namesSomething(value)) return true;
    }
  }
  return false;
}

function isPositiveOperator(operator: string): boolean {
  const op = operator.replace(/^(ForAnyValue|ForAllValues):/i, '').toLowerCase();
  if (op.endsWith('ifexists') || op === 'null') return false;
  return !/^(stringnot|arnnot|notipaddress|numericnot)/.test(op);
}

function namesSomething(value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return false;
  return values.every((v) => typeof v === 'string' && v.trim() !== '' && !/^[*?]+$/.test(v.trim()) && !/\/0$/.test(v.trim()));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { isObject } from './policyDocument';

/** Who an EC2 launch/create-volume permission is added for. */
export interface Shares {
  public: boolean;
  accounts: string[];
  /** Organisations and organisational units (AMIs can be shared with them). */
  other: string[];
}

/** The shares in a permission's add list: {"group": "all"} is public, {"userId": ...} an account. */
export function sharesOf(items: readonly Record<string, unknown>[]): Shares {
  const shares: Shares = { public: false, accounts: [], other: [] };
  for (const item of items.filter(isObject)) {
    if (typeof item.group === 'string' && item.group.toLowerCase() === 'all') shares.public = true;
    if (typeof item.userId === 'string' && item.userId !== '') shares.accounts.push(item.userId);
    for (const key of ['organizationArn', 'organizationalUnitArn']) {
      if (typeof item[key] === 'string' && item[key] !== '') shares.other.push(item[key] as string);
    }
  }
  return shares;
}

export function describeShares(shares: Shares): string {
  const parts: string[] = [];
  if (shares.public) parts.push('everyone (group all: public)');
  if (shares.accounts.length > 0) parts.push(`account(s) ${shares.accounts.join(', ')}`);
  if (shares.other.length > 0) parts.push(shares.other.join(', '));
  return parts.join(' and ');
}

import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, callEvidence, ec2Items, isWorldCidr, stringParam } from './requestValues';

const parameters = z.strictObject({
  adminPorts: z
    .array(z.number().int().min(0).max(65535))
    .default([22, 3389])
    .describe('Ports whose opening to the world raises the finding to high (remote administration: SSH, RDP)'),
  allowedGroupIds: z
    .array(z.string())
    .default([])
    .describe('Security group ids that are meant to be open to the world (e.g. a public load balancer); never alerted'),
});
type Params = z.infer<typeof parameters>;

/** One ingress rule opened to every address. */
interface OpenRule {
  protocol: string;
  from: number | undefined;
  to: number | undefined;
  cidr: string;
}

/**
 * security-group-opened-to-world: AuthorizeSecurityGroupIngress (success) with an IPv4 or IPv6 range of
 * prefix length 0 (0.0.0.0/0, ::/0 or the same spelt otherwise). High when the range covers an admin
 * port or every port (protocol -1, or 0-65535).
 */
export const securityGroupOpenedToWorld: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 'security-group-opened-to-world',
    title: 'Security group opened to the internet',
    severity: 'medium',
    mitre: ['T1562.007'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.ec2'],
    detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['AuthorizeSecurityGroupIngress'] },
  },
  evaluate(event, params) {
    const record = event.detail;
    if (record.eventSource !== 'ec2.amazonaws.com' || record.eventName !== 'AuthorizeSecurityGroupIngress' || !succeeded(record)) {
      return undefined;
    }
    const request = record.requestParameters ?? {};
    const group = stringParam(request.groupId) ?? stringParam(request.groupName) ?? 'unknown-group';
    if (params.allowedGroupIds.includes(group)) return undefined;
    const open = openRules(request);
    if (open.length === 0) return undefined;
    const wide = open.filter((r) => coversEveryPort(r) || params.adminPorts.some((p) => coversPort(r, p)));
    const account = accountOf(event);
    const arn = `arn:aws:ec2:${record.awsRegion}:${account}:security-group/${group}`;
    const rules = open.map(describeRule).join('; ');
    return {
      subject: arn,
      dedupKey: `${account}:${group}`,
      description:
        `${actorOf(record)} opened security group ${group} (account ${account}, ${record.awsRegion}) to the internet: ${rules}.` +
        (wide.length > 0 ? ' That includes remote administration or every port.' : ''),
      severity: wide.length > 0 ? 'high' : undefined,
      resources: [arn],
      evidence: { ...callEvidence(record), account, groupId: group, openRules: rules, adminOrAllPorts: wide.length > 0 },
    } satisfies DetectionHit;
  },
};

/** The ingress rules of the request that admit every address, in both request shapes EC2 records. */
function openRules(request: Record<string, unknown>): OpenRule[] {
  const rules: OpenRule[] = [];
  // The older flat form: cidrIp, ipProtocol, fromPort, toPort at the top level.
  if (isWorldCidr(request.cidrIp)) rules.push(rule(request, String(request.cidrIp)));
  for (const permission of ec2Items(request.ipPermissions)) {
    const cidrs = [...ec2Items(permission.ipRanges).map((r) => r.cidrIp), ...ec2Items(permission.ipv6Ranges).map((r) => r.cidrIpv6)].filter(
      isWorldCidr,
    );
    for (const cidr of cidrs) rules.push(rule(permission, String(cidr)));
  }
  return rules;
}

function rule(source: Record<string, unknown>, cidr: string): OpenRule {
  const port = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined);
  return { protocol: String(source.ipProtocol ?? '-1'), from: port(source.fromPort), to: port(source.toPort), cidr };
}

function isPortProtocol(protocol: string): boolean {
  return ['tcp', 'udp', '6', '17'].includes(protocol.toLowerCase());
}

/** Protocol -1 is all traffic; a tcp/udp rule without ports or from 0 to 65535 is every port (ICMP has no ports). */
function coversEveryPort(r: OpenRule): boolean {
  if (r.protocol === '-1' || r.protocol.toLowerCase() === 'all') return true;
  if (!isPortProtocol(r.protocol)) return false;
  if (r.from === undefined) return true;
  return r.from <= 0 && (r.to ?? r.from) >= 65535;
}

function coversPort(r: OpenRule, port: number): boolean {
  if (coversEveryPort(r)) return true;
  if (!isPortProtocol(r.protocol) || r.from === undefined) return false;
  return r.from <= port && port <= (r.to ?? r.from);
}

function describeRule(r: OpenRule): string {
  if (coversEveryPort(r)) return `${r.protocol === '-1' ? 'all traffic' : `${r.protocol} all ports`} from ${r.cidr}`;
  return `${r.protocol} ${r.from === r.to ? r.from : `${r.from}-${r.to}`} from ${r.cidr}`;
}

/** The kinds of personal data the PII guard looks for in fields that are not classified Restricted. */
export const PII_KINDS = ['email', 'phone', 'card', 'ipv4', 'ipv6'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** What replaces a value found: it names the kind, never the value (nor its length). */
export function redactionMarker(kind: PiiKind): string {
  return `[redacted:${kind}]`;
}

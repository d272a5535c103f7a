import { randomUUID } from 'node:crypto';
import { AwsServiceError, optionalString, startAwsJsonServer, type EmbeddedEndpoint } from './awsJsonServer';

/**
 * Secrets Manager GetSecretValue, the one operation Vigil uses (the alert router reads its OpsGenie
 * key and HEC token at cold start). Secrets are given by name; ARNs and names both resolve.
 */
export async function startSecretsManager(options: {
  secrets: Record<string, string>;
  account: string;
  region: string;
}): Promise<EmbeddedEndpoint> {
  const byId = new Map<string, { name: string; arn: string; value: string; version: string }>();
  for (const [name, value] of Object.entries(options.secrets)) {
    const secret = { name, arn: secretArn(name, options), value, version: randomUUID() };
    byId.set(name, secret);
    byId.set(secret.arn, secret);
  }
  return startAwsJsonServer({
    targetPrefix: 'secretsmanager',
    maxBodyBytes: 64 * 1024,
    bodyTooLarge: () => new AwsServiceError('InvalidRequestException', 'Request body too large.'),
    operations: {
      GetSecretValue(input) {
        const id = optionalString(input, 'SecretId');
        if (!id) throw new AwsServiceError('InvalidParameterException', 'You must provide a SecretId.');
        const secret = byId.get(id);
        if (!secret) throw new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        return {
          ARN: secret.arn,
          Name: secret.name,
          SecretString: secret.value,
          VersionId: secret.version,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: Date.now() / 1000,
        };
      },
    },
  });
}

/** The ARN a secret of this name has (the real service appends 6 random characters; a fixed suffix keeps it stable). */
export function secretArn(name: string, where: { account: string; region: string }): string {
  return `arn:aws:secretsmanager:${where.region}:${where.account}:secret:${name}-local0`;
}

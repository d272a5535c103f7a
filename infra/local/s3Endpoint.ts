import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account';
import { LOCAL_CREDENTIALS, localClientConfig } from './awsClients';
import type { LoopbackEndpoint } from './loopbackServer';
import { RuntimeError } from './runtime/errors';

export interface S3Endpoint extends LoopbackEndpoint {
  /** The buckets loaded from the served directory, with their object counts. */
  buckets: Record<string, number>;
}

/** S3 bucket names: 3-63 characters of lower-case letters, digits, dots and hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * An embedded S3 endpoint: s3rver (a maintained S3 emulator) on 127.0.0.1, port 0, over a temporary
 * directory of its own. s3rver keeps its own on-disk layout and does not serve plain files put in its
 * directory, so the served directory `DIR/<bucket>/<key>` is loaded into it through the SDK at start:
 * the functions then read it with the unmodified S3 client (path-style), as they read S3 in a stage.
 */
export async function startS3(options: { servedDir?: string } = {}): Promise<S3Endpoint> {
  // s3rver knows one key pair (S3RVER); every embedded endpoint is called with the local dummy
  // credentials instead (awsClients.ts), so they are registered with its account.
  DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
  const storage = mkdtempSync(join(tmpdir(), 'vigil-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: storage });
  let endpoint: string;
  try {
    const address = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
  } catch (cause) {
    rmSync(storage, { recursive: true, force: true });
    throw new RuntimeError(`embedded S3 did not start: ${(cause as Error).message}`, { cause });
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= server.close().finally(() => rmSync(storage, { recursive: true, force: true }));
    return closing;
  };
  try {
    const buckets = options.servedDir ? await loadServedDirectory(endpoint, options.servedDir) : {};
    return { endpoint, buckets, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Creates a bucket per top-level folder of `dir` and puts every file under it as an object (its path the key). */
async function loadServedDirectory(endpoint: string, dir: string): Promise<Record<string, number>> {
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
  } catch (cause) {
    throw new RuntimeError(`--s3-dir ${dir}: ${(cause as Error).message}`, { cause });
  }
  const client = new S3Client({ ...localClientConfig(endpoint), forcePathStyle: true });
  const buckets: Record<string, number> = {};
  try {
    for (const bucket of entries.sort()) {
      if (!BUCKET_NAME.test(bucket)) throw new RuntimeError(`--s3-dir ${dir}: "${bucket}" is not a valid S3 bucket name`);
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      buckets[bucket] = 0;
      for (const file of filesUnder(join(dir, bucket))) {
        const key = relative(join(dir, bucket), file).split(sep).join('/');
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
        buckets[bucket] += 1;
      }
    }
  } finally {
    client.destroy();
  }
  return buckets;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WhispererClient, type Event, type IngestResult } from '../src/index';

/*
 * The SDK against the running platform: its runnable jar (PLATFORM_JAR, set by the Maven build)
 * started as a child process on a free port with a fresh data directory.
 */
const SECRET_KEY = 'uw_sdk_ts_test_secret_key';
const ADMIN_TOKEN = 'uwa_sdk_ts_test_admin_token';
let platform: ChildProcess;
let dataDir: string;
let base: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function call(method: string, path: string, token: string, body?: unknown, expected = 200) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, expected, `${method} ${path}: ${text}`);
  return JSON.parse(text);
}

const drain = async () => {
  const drained = await call('POST', '/admin/drain?timeout=PT60S', ADMIN_TOKEN);
  assert.ok(drained.idle, 'the pipeline drained');
};
const profile = async (userId: string) =>
  (await call('GET', `/v1/users/${encodeURIComponent(userId)}`, SECRET_KEY)).profile;

before(async () => {
  const jar = process.env.PLATFORM_JAR ?? '';
  assert.ok(
    existsSync(jar),
    `no platform jar at '${jar}': build it with ./mvnw -q package -DskipTests -pl functions/local -am`,
  );
  dataDir = mkdtempSync(join(tmpdir(), 'whisperer-sdk-ts-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const log = openSync(join(dataDir, 'platform.log'), 'w');
  platform = spawn(
    process.env.JAVA_BIN ?? 'java',
    [
      '-jar', jar,
      `--server.port=${port}`,
      `--whisperer.data-dir=${dataDir}`,
      `--whisperer.demo-api-key=${SECRET_KEY}`,
      '--whisperer.admin-enabled=true',
      `--whisperer.admin-token=${ADMIN_TOKEN}`,
    ],
    { stdio: ['ignore', log, log] },
  );
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/v1/schema`)).status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    if (platform.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the platform did not start:\n${readFileSync(join(dataDir, 'platform.log'), 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

after(async () => {
  if (platform && platform.exitCode === null) {
    const exited = new Promise((resolve) => platform.once('exit', resolve));
    platform.kill('SIGTERM');
    await exited;
  }
  if (dataDir) {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

async function sdk(statuses: string[], failed: Error[]) {
  const issued = await call('POST', '/admin/apps/demo/keys', ADMIN_TOKEN, { kind: 'write', name: 'sdk-ts' }, 201);
  return new WhispererClient({
    apiKey: issued.key,
    endpoint: base,
    flushIntervalMs: 60_000,
    onSent: (_events: Event[], result: IngestResult) => statuses.push(...result.results.map((r) => String(r.status))),
    onFailed: (_events: Event[], error: Error) => failed.push(error),
  });
}

test('events sent with the SDK are in the profile, and a resent event is a duplicate', async () => {
  const statuses: string[] = [];
  const failed: Error[] = [];
  const whisperer = await sdk(statuses, failed);
  whisperer.identify('ada', { email: 'ada@example.com', firstName: 'Ada', timezone: 'UTC' });
  const signup = whisperer.track('ada', 'user_signup');
  whisperer.track('ada', 'feature_used', { feature: 'export_csv' });
  await whisperer.flush();
  whisperer.enqueue(signup);
  await whisperer.close();
  await drain();

  assert.deepEqual(failed, []);
  assert.deepEqual(statuses, ['accepted', 'accepted', 'accepted', 'duplicate']);
  const ada = await profile('ada');
  assert.equal(ada.traits.email, 'ada@example.com');
  assert.equal(ada.activity.countsByType.user_signup, 1, 'sent twice, counted once');
  assert.equal(ada.activity.countsByType.feature_used, 1);
});

test('an alias sent with the SDK merges the anonymous profile into the identified one', async () => {
  const failed: Error[] = [];
  const whisperer = await sdk([], failed);
  whisperer.enqueue({ type: 'page_viewed', anonymousId: 'tablet-5' });
  await whisperer.flush();
  await drain();
  whisperer.alias('tablet-5', 'ravi');
  await whisperer.flush();
  await drain();
  whisperer.enqueue({ type: 'feature_used', anonymousId: 'tablet-5' });
  await whisperer.close();
  await drain();

  assert.deepEqual(failed, []);
  const ravi = await profile('ravi');
  assert.equal(ravi.activity.countsByType.page_viewed, 1);
  assert.equal(ravi.activity.countsByType.feature_used, 1);
  assert.equal(ravi.activity.countsByType.alias, 1);
  assert.equal((await profile('anon:tablet-5')).mergedInto, 'ravi');
});

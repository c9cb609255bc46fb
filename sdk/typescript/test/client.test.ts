import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { WhispererClient, retryDelayMs, type Event } from '../src/index';

interface Received {
  at: number;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  batch: Array<Record<string, unknown>>;
}

const ACCEPTED = JSON.stringify({
  accepted: 1,
  duplicates: 0,
  rejected: 0,
  results: [{ index: 0, messageId: 'm', status: 'accepted', errors: [] }],
});

/** A stub of the platform's ingest answers: each request gets the next answer of the list. */
async function stub(answers: Array<{ status: number; headers?: Record<string, string>; body?: string }>) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const json = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      received.push({ at: Date.now(), headers: req.headers, raw, batch: JSON.parse(json.toString('utf8')).batch });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)];
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}

function client(endpoint: string, failed: Error[], sent: Event[][] = [], flushAt = 100) {
  return new WhispererClient({
    apiKey: 'uw_wk_test',
    endpoint,
    flushAt,
    flushIntervalMs: 3_600_000,
    retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50 },
    onSent: (events) => sent.push(events),
    onFailed: (_events, error) => failed.push(error),
  });
}

test('a 429 is resent after its Retry-After and a 503 again, gzipped, with the same messageIds', async () => {
  const platform = await stub([
    { status: 429, headers: { 'Retry-After': '1' }, body: '{"error":{"code":"rate_limited","message":"slow down","field":null}}' },
    { status: 503, body: '{"error":{"code":"unavailable","message":"retry","field":null}}' },
    { status: 202, body: ACCEPTED },
  ]);
  const failed: Error[] = [];
  const sent: Event[][] = [];
  try {
    const whisperer = client(platform.endpoint, failed, sent);
    whisperer.track('user-42', 'feature_used', { feature: 'export_csv' });
    whisperer.identify('user-42', { plan: 'pro' });
    await whisperer.close();
  } finally {
    platform.close();
  }
  assert.equal(platform.received.length, 3);
  for (const r of platform.received) {
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.deepEqual([...r.raw.subarray(0, 2)], [0x1f, 0x8b]);
    assert.equal(r.headers.authorization, 'Bearer uw_wk_test');
  }
  const first = platform.received[0].batch;
  assert.equal(first.length, 2);
  assert.equal(first[0].type, 'feature_used');
  assert.deepEqual(platform.received[1].batch, first, 'the same events, the same messageIds');
  assert.deepEqual(platform.received[2].batch, first);
  assert.ok(platform.received[1].at - platform.received[0].at >= 950, 'waited for Retry-After: 1');
  assert.equal(sent.length, 1);
  assert.deepEqual(failed, []);
});

test('a refusal that resending cannot fix is reported and not resent', async () => {
  const platform = await stub([{ status: 401, body: '{"error":{"code":"invalid_api_key","message":"no","field":null}}' }]);
  const failed: Error[] = [];
  try {
    const whisperer = client(platform.endpoint, failed);
    whisperer.track('user-42', 'feature_used');
    await whisperer.close();
  } finally {
    platform.close();
  }
  assert.equal(platform.received.length, 1);
  assert.equal(failed.length, 1);
  assert.match(failed[0].message, /^401/);
});

test('server errors are retried up to the limit, then reported', async () => {
  const platform = await stub([{ status: 500 }]);
  const failed: Error[] = [];
  try {
    const whisperer = client(platform.endpoint, failed);
    whisperer.track('user-42', 'feature_used');
    await whisperer.close();
  } finally {
    platform.close();
  }
  assert.equal(platform.received.length, 4);
  assert.equal(failed.length, 1);
});

test('events go out in batches of flushAt', async () => {
  const platform = await stub([{ status: 202, body: ACCEPTED }]);
  const failed: Error[] = [];
  try {
    const whisperer = client(platform.endpoint, failed, [], 2);
    for (let i = 0; i < 5; i++) {
      whisperer.track(`user-${i}`, 'page_viewed');
    }
    await whisperer.close();
  } finally {
    platform.close();
  }
  assert.deepEqual(platform.received.map((r) => r.batch.length), [2, 2, 1]);
  assert.deepEqual(failed, []);
});

test('the delay is jittered below an exponentially growing cap, with Retry-After as a floor', () => {
  const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 2000 };
  for (let retry = 0; retry < 8; retry++) {
    const cap = Math.min(2000, 100 * 2 ** retry);
    assert.equal(retryDelayMs(policy, retry, undefined, () => 0), 0);
    assert.equal(retryDelayMs(policy, retry, undefined, () => 0.999999), cap);
  }
  assert.equal(retryDelayMs(policy, 0, 3, () => 0.5), 3000);
});

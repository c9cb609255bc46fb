import { gzipSync } from 'node:zlib';
import { Configuration, FetchError, ResponseError, type Middleware } from './generated/runtime';
import { EventsApi } from './generated/apis/EventsApi';
import type { IngestResult } from './generated/models/IngestResult';
import { createEvent, type Event, type EventInput } from './event';
import { DEFAULT_RETRY, parseRetryAfter, retryable, retryDelayMs, type RetryPolicy } from './retry';

/** The platform takes at most this many events per request. */
export const MAX_BATCH = 1000;

export interface ClientOptions {
  /** a write key is enough */
  apiKey: string;
  /** the platform's base URL, e.g. https://ingest.example.com */
  endpoint?: string;
  /** send as soon as this many events are queued (1 to 1000; 100 by default) */
  flushAt?: number;
  /** send what is queued at least this often (5000 ms by default) */
  flushIntervalMs?: number;
  /** events kept while the platform is unreachable (10,000 by default) */
  maxQueueSize?: number;
  retry?: RetryPolicy;
  /** the platform answered 202: each event's status is in `result.results` */
  onSent?: (events: Event[], result: IngestResult) => void;
  /** the events were not delivered (a 4xx resending cannot fix, retries ran out, queue full) */
  onFailed?: (events: Event[], error: Error) => void;
  /** your own fetch (proxy, timeouts) */
  fetchApi?: typeof fetch;
}

/** Compresses every request body with gzip and says so. */
const gzipBodies: Middleware = {
  async pre(context) {
    const body = context.init.body;
    if (typeof body !== 'string') {
      return;
    }
    const headers = new Headers(context.init.headers as HeadersInit);
    if (headers.has('Content-Encoding')) {
      return;
    }
    headers.set('Content-Encoding', 'gzip');
    return { url: context.url, init: { ...context.init, headers, body: gzipSync(body) } };
  },
};

/**
 * Sends events to User Whisperer in batches: `enqueue` queues an event and returns at once; a
 * batch goes out when `flushAt` events are queued or every `flushIntervalMs`, gzip compressed,
 * through the client generated from the platform's OpenAPI document. A batch the platform could
 * not take (429, 5xx, no answer) is sent again under the retry policy with the same messageIds, so
 * the platform counts each event once however often it is sent.
 */
export class WhispererClient {
  private readonly api: EventsApi;
  private readonly queue: Event[] = [];
  private readonly flushAt: number;
  private readonly maxQueueSize: number;
  private readonly retry: RetryPolicy;
  private readonly onSent: (events: Event[], result: IngestResult) => void;
  private readonly onFailed: (events: Event[], error: Error) => void;
  private readonly timer: NodeJS.Timeout;
  private sending: Promise<void> = Promise.resolve();

  constructor(options: ClientOptions) {
    if (!options.apiKey) {
      throw new TypeError('apiKey is required');
    }
    this.flushAt = options.flushAt ?? 100;
    if (!Number.isInteger(this.flushAt) || this.flushAt < 1 || this.flushAt > MAX_BATCH) {
      throw new RangeError(`flushAt must be 1 to ${MAX_BATCH}: ${this.flushAt}`);
    }
    this.maxQueueSize = options.maxQueueSize ?? 10_000;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.onSent = options.onSent ?? (() => {});
    this.onFailed =
      options.onFailed ??
      ((events, error) =>
        console.warn(`user-whisperer: ${events.length} events not delivered: ${error.message}`));
    this.api = new EventsApi(
      new Configuration({
        basePath: (options.endpoint ?? 'http://localhost:8080').replace(/\/+$/, ''),
        accessToken: options.apiKey,
        middleware: [gzipBodies],
        fetchApi: options.fetchApi,
      }),
    );
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 5000);
    this.timer.unref();
  }

  /** Queues the event for the next batch; with the queue full it goes to `onFailed` at once. */
  enqueue(input: EventInput | Event): Event {
    const event = createEvent(input);
    if (this.queue.length >= this.maxQueueSize) {
      this.onFailed([event], new Error('the event queue is full'));
      return event;
    }
    this.queue.push(event);
    if (this.queue.length >= this.flushAt) {
      void this.flush();
    }
    return event;
  }

  track(userId: string, type: string, properties: Record<string, unknown> = {}): Event {
    return this.enqueue({ type, userId, properties });
  }

  identify(userId: string, traits: Record<string, unknown>): Event {
    return this.enqueue({ type: 'identify', userId, traits });
  }

  /** The user known until now by `anonymousId` is `userId`: the profiles are merged. */
  alias(anonymousId: string, userId: string): Event {
    return this.enqueue({ type: 'alias', userId, properties: { previousId: anonymousId } });
  }

  /** Sends everything queued so far; resolves when each batch was delivered or given up. */
  flush(): Promise<void> {
    this.sending = this.sending.then(() => this.sendQueued());
    return this.sending;
  }

  /** Flushes and stops the timer. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async sendQueued(): Promise<void> {
    while (this.queue.length > 0) {
      await this.send(this.queue.splice(0, this.flushAt));
    }
  }

  private async send(batch: Event[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let retryAfter: number | undefined;
      let error: Error;
      try {
        const result = await this.api.sendEvents({
          sendEventsRequest: { batch: batch.map((e) => ({ ...e })) },
        });
        this.onSent(batch, result);
        return;
      } catch (e) {
        if (e instanceof ResponseError) {
          status = e.response.status;
          retryAfter = parseRetryAfter(e.response.headers.get('Retry-After'));
          error = new Error(`${status}: ${await e.response.text().catch(() => '')}`);
        } else if (e instanceof FetchError) {
          status = 0;
          error = e.cause ?? e;
        } else {
          throw e;
        }
      }
      if (!retryable(status) || attempt >= this.retry.maxAttempts) {
        this.onFailed(batch, error);
        return;
      }
      const wait = retryDelayMs(this.retry, attempt - 1, retryAfter);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

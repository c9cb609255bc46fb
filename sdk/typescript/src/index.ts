export { WhispererClient, MAX_BATCH, type ClientOptions } from './client';
export { createEvent, type Event, type EventInput } from './event';
export { DEFAULT_RETRY, retryable, retryDelayMs, type RetryPolicy } from './retry';
export type { IngestResult } from './generated/models/IngestResult';

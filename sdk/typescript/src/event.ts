import { randomUUID } from 'node:crypto';

/** One event as the platform's envelope (v1) has it. */
export interface Event {
  /** Made once when the event is created and sent unchanged on every retry. */
  readonly messageId: string;
  readonly type: string;
  readonly userId?: string;
  readonly anonymousId?: string;
  /** RFC 3339 */
  readonly timestamp: string;
  readonly properties?: Record<string, unknown>;
  readonly traits?: Record<string, unknown>;
  readonly context?: Record<string, unknown>;
}

export interface EventInput {
  type: string;
  userId?: string;
  anonymousId?: string;
  /** your own id (e.g. from an outbox table); a random UUID by default */
  messageId?: string;
  timestamp?: Date | string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** An event with its messageId and timestamp fixed now, so that a resend is a duplicate. */
export function createEvent(input: EventInput): Event {
  if (!input.type) {
    throw new TypeError('an event needs a type');
  }
  if (input.userId === undefined && input.anonymousId === undefined) {
    throw new TypeError('an event needs a userId or an anonymousId');
  }
  const timestamp =
    input.timestamp instanceof Date
      ? input.timestamp.toISOString()
      : (input.timestamp ?? new Date().toISOString());
  return Object.freeze({
    ...input,
    messageId: input.messageId ?? randomUUID(),
    timestamp,
  });
}

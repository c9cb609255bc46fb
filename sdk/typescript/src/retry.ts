/**
 * When to resend a batch the platform did not take: on 408, 429 and 5xx answers and on network
 * failures, up to `maxAttempts` sends in all, waiting a fully jittered exponential delay
 * (`random(0, min(maxDelayMs, baseDelayMs * 2^retry))`), and never less than the answer's
 * `Retry-After`.
 */
export interface RetryPolicy {
  /** Sends of one batch, the first included (1 = no retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 30_000 };

/** Whether an answer with this status may succeed when sent again (0: no answer at all). */
export function retryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** The wait in ms before retry number `retry` (0 for the first retry). */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  const jittered = Math.floor(random() * (exponential + 1));
  const floor = retryAfterSeconds === undefined ? 0 : retryAfterSeconds * 1000;
  return Math.max(jittered, floor);
}

/** The whole seconds of a `Retry-After` header; undefined when absent or an HTTP date. */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+\s*$/.test(header)) {
    return undefined;
  }
  return Number.parseInt(header, 10);
}

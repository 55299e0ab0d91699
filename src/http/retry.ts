/**
 * When to try a request again, and how long to wait. Only idempotent methods are retried (GET, HEAD, PUT,
 * DELETE): a POST or PATCH the server may have received is never sent twice. Retried: 429, 502, 503, 504
 * and network errors, with exponential backoff and full jitter, or exactly the server's Retry-After.
 */
export const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error goes back to the caller instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 300, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with full jitter: a random wait up to base × 2^(attempt−1), capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * What a failed write that was not retried (POST, PATCH) means for whoever asked for it: whether ConnectWise
 * applied it and whether sending it again is safe. Undefined for idempotent methods, which were retried
 * and can be repeated as they are.
 *   rate-limited (429): refused before it was applied → nothing written, safe to send again after the wait;
 *   any other 4xx: refused as asked (validation, not found): undefined, the status's own hint stands;
 *   never connected (refused connection, unknown host): nothing written, safe to send again;
 *   answered 2xx but unreadable: applied → do not send again;
 *   anything else after it was sent (5xx, a dropped connection, a timeout): it may or may not have been
 *   applied, so check before sending again.
 */
export function writeOutcomeHint(method: string, outcome: { status?: number; retryAfterSeconds?: number; neverSent?: boolean }): string | undefined {
  const m = method.toUpperCase();
  if (isIdempotent(m)) return undefined;
  const { status } = outcome;
  if (outcome.neverSent) return `The ${m} never reached ConnectWise, so nothing was written; sending it again is safe.`;
  if (status === 429) {
    const wait = outcome.retryAfterSeconds !== undefined ? `after the ${outcome.retryAfterSeconds} s ConnectWise asked for` : "after a short wait";
    return `ConnectWise refused this ${m} before applying it (rate limit), so nothing was written; it was not resent automatically. Sending it again ${wait} is safe.`;
  }
  // Any other 4xx: ConnectWise refused the request itself (validation, not found …); the status's own hint stands.
  if (status !== undefined && status >= 400 && status < 500) return undefined;
  if (status !== undefined && status >= 200 && status < 300) {
    return `ConnectWise applied this ${m} (HTTP ${status}); only its answer could not be read. Do not send it again: read the record to see what was written.`;
  }
  return (
    `ConnectWise may or may not have applied this ${m}: ${status ? `an HTTP ${status}` : "a failure"} after sending does not say. ` +
    `It was not resent automatically (a ${m} is not safe to repeat), so it was not applied twice. Check whether it took effect (read the record) before sending it again.`
  );
}

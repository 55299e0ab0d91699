/**
 * The fetch openapi-fetch calls: one place that owns the network rules.
 *   origin guard → concurrency limiter → [attempt with timeout → retry decision]* → response
 * Redirects are never followed (a redirect could carry the Authorization header elsewhere); timeouts and
 * cancellation use AbortSignal; network failures become CwApiError with a plain message.
 */
import { CwApiError } from "./errors.js";
import type { Limiter } from "./limiter.js";
import type { Redactor } from "./redact.js";
import { backoffMs, isIdempotent, RETRYABLE_STATUSES, retryAfterMs, sleep, writeOutcomeHint, type RetryPolicy } from "./retry.js";
import { assertUnderApiRoot } from "./safe-path.js";

export interface TransportOptions {
  apiUrl: string;
  timeoutMs: number;
  limiter: Limiter;
  retry: RetryPolicy;
  redact: Redactor;
  fetch?: typeof globalThis.fetch;
  /** Called before each retry, for logging. */
  onRetry?: (info: { method: string; path: string; attempt: number; waitMs: number; reason: string }) => void;
}

export function createTransport(options: TransportOptions): typeof globalThis.fetch {
  const send = options.fetch ?? globalThis.fetch;
  const transport = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    assertUnderApiRoot(url, options.apiUrl);
    const method = request.method.toUpperCase();
    const path = url.pathname.replace(new URL(options.apiUrl).pathname.replace(/\/+$/, ""), "") || "/";
    const outer = request.signal;
    const canRetry = isIdempotent(method);

    return options.limiter.run(async () => {
      for (let attempt = 1; ; attempt++) {
        const timeout = AbortSignal.timeout(options.timeoutMs);
        const signal = AbortSignal.any([outer, timeout]);
        let response: Response;
        try {
          response = await send(new Request(request.clone(), { signal, redirect: "manual" }));
        } catch (err) {
          if (outer.aborted) throw new CwApiError({ kind: "cancelled", message: "The request was cancelled.", method, path, attempts: attempt });
          if (timeout.aborted) {
            const narrow = "Narrow the request (conditions, fields, a smaller pageSize) or raise CW_TIMEOUT_MS.";
            const write = writeOutcomeHint(method, {});
            throw new CwApiError({
              kind: "timeout",
              message: `ConnectWise did not answer within ${options.timeoutMs} ms.`,
              method,
              path,
              attempts: attempt,
              hint: write ? `${write}\n${narrow}` : narrow,
            });
          }
          const reason = options.redact(describeNetworkError(err));
          if (canRetry && attempt < options.retry.attempts) {
            const waitMs = backoffMs(attempt, options.retry);
            options.onRetry?.({ method, path, attempt, waitMs, reason });
            await sleep(waitMs, outer);
            continue;
          }
          const write = writeOutcomeHint(method, { neverSent: neverConnected(err) });
          throw new CwApiError({ kind: "network", message: `Could not reach ConnectWise: ${reason}.`, method, path, attempts: attempt, ...(write ? { hint: write } : {}) });
        }

        if (response.status >= 300 && response.status < 400) {
          const location = response.headers.get("location") ?? "";
          let target = location;
          try {
            target = new URL(location, url).origin;
          } catch {
            /* keep the raw value */
          }
          throw new CwApiError({
            kind: "refused",
            status: response.status,
            message: `ConnectWise answered with a redirect to ${options.redact(target) || "an unnamed place"}; redirects are not followed, so credentials never leave CW_API_URL.`,
            method,
            path,
            hint: "Check CW_API_URL: use the api- host of your region, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0.",
          });
        }

        if (RETRYABLE_STATUSES.has(response.status) && canRetry && attempt < options.retry.attempts) {
          const asked = retryAfterMs(response.headers.get("retry-after"));
          if (asked === undefined || asked <= options.retry.maxRetryAfterMs) {
            const waitMs = asked ?? backoffMs(attempt, options.retry);
            options.onRetry?.({ method, path, attempt, waitMs, reason: `HTTP ${response.status}` });
            await response.body?.cancel();
            await sleep(waitMs, outer);
            continue;
          }
        }
        return attachAttempts(response, attempt);
      }
    }, outer);
  };
  return transport as typeof globalThis.fetch;
}

/** How many attempts a response took, for error messages ("Tried 4 times"). */
export const ATTEMPTS_HEADER = "x-cw-mcp-attempts";

function attachAttempts(response: Response, attempts: number): Response {
  if (attempts === 1) return response;
  const headers = new Headers(response.headers);
  headers.set(ATTEMPTS_HEADER, String(attempts));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The connection was never made (refused, unknown host), so no request reached ConnectWise. */
function neverConnected(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return err instanceof Error ? err.message : String(err);
}

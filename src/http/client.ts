/**
 * The ConnectWise client: openapi-fetch typed by the generated `paths`, so a wrong path, a missing path
 * parameter or a misspelt query parameter is a compile error; and `CwHttp.request` for the tools, which
 * call paths chosen at run time through the very same client, middleware and transport.
 *
 * Middleware supplies what every request needs and callers never pass: Basic auth, the `clientId`
 * header (generated/schema.d.ts leaves it out of call signatures for that reason) and an Accept header
 * that pins the API version. The transport (transport.ts) owns the origin guard, the concurrency
 * limiter, timeouts and retries.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../../generated/schema.js";
import { specVersion } from "../../generated/endpoints.js";
import { CwApiError, type CwFieldError } from "./errors.js";
import { Limiter } from "./limiter.js";
import { redactor, type Redactor } from "./redact.js";
import { DEFAULT_RETRY, writeOutcomeHint, type RetryPolicy } from "./retry.js";
import { safeApiPath } from "./safe-path.js";
import { urlTextProblem } from "./well-formed.js";
import { ATTEMPTS_HEADER, createTransport } from "./transport.js";

export type CwPaths = paths;
export type CwClient = Client<paths>;

export interface CwClientConfig {
  /** e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0 */
  apiUrl: string;
  /** The clientId issued by the ConnectWise Developer Network. */
  clientId: string;
  /** Basic auth: user name `companyId+publicKey` (CW_AUTH_PREFIX + public key) and the private key. */
  auth?: { user: string; password: string };
  /** API version for the Accept header; defaults to the spec's version. */
  apiVersion?: string;
  timeoutMs?: number;
  maxConcurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Strings never to show (keys, clientId); the auth token is always hidden. */
  secrets?: string[];
  /** Further middleware, applied after the standard headers. */
  middleware?: Middleware[];
  /** The network fetch under the transport (tests inject one). */
  fetch?: typeof globalThis.fetch;
  onRetry?: (info: { method: string; path: string; attempt: number; waitMs: number; reason: string }) => void;
}

export function acceptHeader(version: string): string {
  return `application/vnd.connectwise.com+json; version=${version}`;
}

export function createCwClient(config: CwClientConfig): CwClient {
  return new CwHttp(config).client;
}

export interface CwRequest {
  method: string;
  /** API-relative path, already concrete: /service/tickets/5 */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface CwResponse {
  status: number;
  /** Parsed JSON; undefined for an empty answer or a non-JSON one (see `bytes`). */
  data: unknown;
  headers: Headers;
  contentType: string;
  /** The body of a non-JSON answer (a PDF, an image). */
  bytes?: Uint8Array;
}

type UntypedClient = {
  request(
    method: string,
    url: string,
    init: { params?: { query?: Record<string, unknown> }; body?: unknown; parseAs?: "arrayBuffer"; signal?: AbortSignal; headers?: Record<string, string> },
  ): Promise<{ data?: ArrayBuffer; error?: unknown; response: Response }>;
};

export class CwHttp {
  readonly client: CwClient;
  readonly limiter: Limiter;
  readonly redact: Redactor;
  readonly apiUrl: string;

  constructor(config: CwClientConfig) {
    this.apiUrl = config.apiUrl.replace(/\/+$/, "");
    this.limiter = new Limiter(config.maxConcurrency ?? 4);
    this.redact = redactor([...(config.secrets ?? []), config.clientId, ...(config.auth ? [config.auth.password] : [])]);
    const transport = createTransport({
      apiUrl: this.apiUrl,
      timeoutMs: config.timeoutMs ?? 30_000,
      limiter: this.limiter,
      retry: { ...DEFAULT_RETRY, ...config.retry },
      redact: this.redact,
      ...(config.fetch ? { fetch: config.fetch } : {}),
      ...(config.onRetry ? { onRetry: config.onRetry } : {}),
    });
    this.client = createClient<paths>({ baseUrl: this.apiUrl, fetch: transport });
    const accept = acceptHeader(config.apiVersion ?? specVersion);
    const basic = config.auth ? `Basic ${Buffer.from(`${config.auth.user}:${config.auth.password}`).toString("base64")}` : undefined;
    const standardHeaders: Middleware = {
      onRequest({ request }) {
        if (basic) request.headers.set("Authorization", basic);
        request.headers.set("clientId", config.clientId);
        request.headers.set("Accept", accept);
        return request;
      },
    };
    this.client.use(standardHeaders, ...(config.middleware ?? []));
  }

  /** Call any path under the API root; ConnectWise errors, refusals and broken answers throw CwApiError. */
  async request(req: CwRequest): Promise<CwResponse> {
    const method = req.method.toUpperCase();
    const path = safeApiPath(req.path);
    const query = Object.fromEntries(Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined && v !== ""));
    for (const [name, value] of Object.entries(query)) {
      const broken = typeof value === "string" ? urlTextProblem(`The query parameter "${name}"`, value, { method, path }) : undefined;
      if (broken) throw broken;
    }
    let result: Awaited<ReturnType<UntypedClient["request"]>>;
    try {
      result = await (this.client as unknown as UntypedClient).request(method, path, {
        ...(Object.keys(query).length > 0 ? { params: { query } } : {}),
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.headers ? { headers: req.headers } : {}),
        parseAs: "arrayBuffer",
      });
    } catch (err) {
      if (err instanceof CwApiError) throw err;
      throw new CwApiError({ kind: "network", message: this.redact(err instanceof Error ? err.message : String(err)), method, path });
    }
    const { response } = result;
    const attempts = Number(response.headers.get(ATTEMPTS_HEADER) ?? 1);
    const contentType = response.headers.get("content-type") ?? "";
    if (!response.ok) throw this.httpError(method, path, response, result.error, attempts);
    if (result.data === undefined) return { status: response.status, data: undefined, headers: response.headers, contentType };
    const bytes = new Uint8Array(result.data);
    if (contentType && !/json/i.test(contentType)) return { status: response.status, data: undefined, headers: response.headers, contentType, bytes };
    const text = new TextDecoder().decode(bytes);
    try {
      return { status: response.status, data: text.trim() ? JSON.parse(text) : undefined, headers: response.headers, contentType };
    } catch {
      throw new CwApiError({
        kind: "malformed",
        status: response.status,
        method,
        path,
        message: `ConnectWise answered with something that is not valid JSON (${bytes.length} bytes, starting ${JSON.stringify(this.redact(text.slice(0, 60)))}).`,
        // A write that got a 2xx was applied: "try again" would apply it twice.
        hint:
          writeOutcomeHint(method, { status: response.status }) ??
          "This is usually a proxy or a dropped connection; try again. If it repeats, the record may hold data ConnectWise cannot serialise.",
      });
    }
  }

  private httpError(method: string, path: string, response: Response, body: unknown, attempts: number): CwApiError {
    const b = (typeof body === "object" && body !== null ? body : {}) as { code?: unknown; error?: unknown; message?: unknown; errors?: unknown };
    const message = typeof b.message === "string" ? b.message : typeof body === "string" && body.trim() ? body.trim().slice(0, 300) : response.statusText || `HTTP ${response.status}`;
    const fieldErrors: CwFieldError[] = Array.isArray(b.errors)
      ? b.errors.map((e: Record<string, unknown>) => ({
          message: this.redact(String(e.message ?? "")),
          ...(typeof e.code === "string" ? { code: e.code } : {}),
          ...(typeof e.field === "string" ? { field: e.field } : {}),
          ...(typeof e.resource === "string" ? { resource: e.resource } : {}),
        }))
      : [];
    const retryAfter = response.headers.get("retry-after");
    const retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    const code = typeof b.code === "string" ? b.code : typeof b.error === "string" ? b.error : undefined;
    // A POST or PATCH is never retried: say whether it was applied and whether sending it again is safe.
    const hint = writeOutcomeHint(method, { status: response.status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) }) ?? statusHint(response.status, retryAfterSeconds);
    return new CwApiError({
      kind: "http",
      status: response.status,
      ...(code ? { code } : {}),
      message: this.redact(message),
      fieldErrors,
      method,
      path,
      attempts,
      ...(response.headers.get("x-cw-request-id") ? { requestId: response.headers.get("x-cw-request-id")! } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      ...(hint ? { hint } : {}),
    });
  }
}

function statusHint(status: number, retryAfterSeconds?: number): string | undefined {
  if (status === 401) return "ConnectWise did not accept the credentials: check CW_COMPANY_ID, CW_PUBLIC_KEY, CW_PRIVATE_KEY (and CW_AUTH_PREFIX) and that CW_CLIENT_ID is set.";
  if (status === 403) return "The API member's security role does not allow this, or the clientId is not valid for this site.";
  if (status === 404) return "No such record or path. Check the id, or find the path with cw_search_endpoints.";
  if (status === 414 || status === 431) return "The request URL is too long: shorten conditions, fields or orderBy, or split a long in (…) list over several calls.";
  if (status === 429) {
    const wait = retryAfterSeconds !== undefined ? `wait ${retryAfterSeconds} s (ConnectWise's Retry-After)` : "wait for the time it gave";
    return `ConnectWise is rate-limiting these requests; ${wait} and try again, or fetch fewer pages at once.`;
  }
  if (status >= 500) return "ConnectWise had a problem answering; a retry later may work.";
  return undefined;
}

/**
 * The typed ConnectWise client: openapi-fetch over the generated `paths`, so a wrong path, a missing
 * path parameter or a misspelt query parameter is a compile error.
 *
 * Headers every request needs are supplied by middleware here, never by callers: `clientId` (required
 * by ConnectWise on every call; generated/schema.d.ts leaves it out of the call signatures for that
 * reason) and an Accept header that pins the API version.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../../generated/schema.js";
import { specVersion } from "../../generated/endpoints.js";

export type CwPaths = paths;
export type CwClient = Client<paths>;

export interface CwClientConfig {
  /** e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0 */
  apiUrl: string;
  /** The clientId issued by the ConnectWise Developer Network. */
  clientId: string;
  /** API version for the Accept header; defaults to the spec's version. */
  apiVersion?: string;
  /** Further middleware (auth, retries, ...), applied after the standard headers. */
  middleware?: Middleware[];
  /** For tests: a fetch implementation to call instead of the global one. */
  fetch?: typeof globalThis.fetch;
}

export function acceptHeader(version: string): string {
  return `application/vnd.connectwise.com+json; version=${version}`;
}

export function createCwClient(config: CwClientConfig): CwClient {
  const accept = acceptHeader(config.apiVersion ?? specVersion);
  const client = createClient<paths>({
    baseUrl: config.apiUrl.replace(/\/+$/, ""),
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  const standardHeaders: Middleware = {
    onRequest({ request }) {
      request.headers.set("clientId", config.clientId);
      request.headers.set("Accept", accept);
      return request;
    },
  };
  client.use(standardHeaders, ...(config.middleware ?? []));
  return client;
}

/**
 * Authentication as ConnectWise does it (research §2): Basic `companyId+publicKey:privateKey` and the
 * `clientId` header on every request. Failures answer 401 (bad or missing credentials, missing clientId)
 * or 403 (a clientId that is not this integration's) with ConnectWise's error body.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface Credentials {
  company: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  /** The member the API keys belong to: writes are attributed to it. */
  apiMember: string;
}

export const DEFAULT_CREDENTIALS: Credentials = {
  company: "sandbox",
  publicKey: "sandbox-public",
  privateKey: "sandbox-private",
  clientId: "sandbox-client",
  apiMember: "sandbox-api",
};

export interface Denied {
  status: 401 | 403;
  body: { code: string; message: string };
}

export function checkAuth(headers: IncomingHttpHeaders, expected: Credentials): Denied | undefined {
  const auth = headers.authorization;
  const m = typeof auth === "string" ? /^Basic\s+(\S+)$/i.exec(auth) : null;
  if (!m) {
    return { status: 401, body: { code: "Unauthorized", message: "Authentication required: send Basic credentials companyId+publicKey:privateKey." } };
  }
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const password = colon >= 0 ? decoded.slice(colon + 1) : "";
  const plus = user.indexOf("+");
  const company = plus >= 0 ? user.slice(0, plus) : "";
  const publicKey = plus >= 0 ? user.slice(plus + 1) : user;
  if (company.toLowerCase() !== expected.company.toLowerCase() || publicKey !== expected.publicKey || password !== expected.privateKey) {
    return { status: 401, body: { code: "Unauthorized", message: "UserNotAuthenticated: the company, public key or private key is not valid." } };
  }
  const clientId = headers.clientid;
  if (typeof clientId !== "string" || !clientId.trim()) {
    return { status: 401, body: { code: "Unauthorized", message: "The clientId header is required. Request a clientId at https://developer.connectwise.com/ClientID." } };
  }
  if (clientId !== expected.clientId) {
    return { status: 403, body: { code: "Forbidden", message: "The clientId is not valid for this site." } };
  }
  return undefined;
}

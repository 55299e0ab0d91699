/** An in-process sandbox and a fetch that speaks to it as a ConnectWise client would (127.0.0.1 only). */
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";

export const TODAY = new Date("2026-03-16T00:00:00Z");

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ now: TODAY, seed: 7, scale: "small", ...options });
}

export interface Call {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export function client(sb: Sandbox, auth: { company?: string; publicKey?: string; privateKey?: string; clientId?: string | null } = {}) {
  const c = sb.credentials;
  const user = `${auth.company ?? c.company}+${auth.publicKey ?? c.publicKey}`;
  const basic = Buffer.from(`${user}:${auth.privateKey ?? c.privateKey}`).toString("base64");
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Call> => {
    const h: Record<string, string> = { Authorization: `Basic ${basic}`, Accept: "application/vnd.connectwise.com+json; version=2025.1", ...headers };
    const clientId = auth.clientId === undefined ? c.clientId : auth.clientId;
    if (clientId !== null) h.clientId = clientId;
    if (body !== undefined) h["Content-Type"] = "application/json";
    const res = await fetch(`${sb.apiUrl}${path}`, { method, headers: h, ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
}

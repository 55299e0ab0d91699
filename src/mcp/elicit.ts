/**
 * Confirming a write with the person, through MCP elicitation. When the client declared the elicitation
 * capability, a write that was not confirmed is previewed and the preview is put to the human as a form with
 * one yes/no field; only "accept" with the box ticked sends it. Clients without the capability keep the
 * two-step preview → `confirm: true` flow unchanged.
 *
 * The request goes out as part of the tool call (extra.sendRequest), so over Streamable HTTP it travels on
 * that call's own response stream. A person may take a while: the request waits up to ELICIT_TIMEOUT_MS and
 * is cancelled with the tool call.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ElicitResultSchema } from "@modelcontextprotocol/sdk/types.js";
import type { ToolExtra } from "./context.js";

export const ELICIT_TIMEOUT_MS = 10 * 60_000;
/** Elicitation messages are shown in a dialog: keep them readable. */
const MAX_MESSAGE = 6_000;

/** What the person said: "accepted" only when they accepted with the box ticked. "failed": no usable answer (the preview stands). */
export type Confirmation = { outcome: "accepted" } | { outcome: "declined" | "cancelled" } | { outcome: "failed"; reason: string };

/** Ask the person to confirm; never throws. */
export type Confirm = (message: string) => Promise<Confirmation>;

/** A confirm function when this call's client can be asked, otherwise undefined (the preview-only flow). */
export function confirmer(server: McpServer, extra: ToolExtra): Confirm | undefined {
  const capability = server.server.getClientCapabilities()?.elicitation;
  if (!capability) return undefined;
  // An empty `elicitation: {}` means form mode (the 2025-06-18 shape); a client that offers only URL mode cannot show a form.
  const form = "form" in capability || !("url" in capability);
  if (!form) return undefined;
  return async (message) => {
    try {
      const result = await extra.sendRequest(
        {
          method: "elicitation/create",
          params: {
            mode: "form",
            message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 40)}\n… (cut; the whole preview is in the tool result)` : message,
            requestedSchema: {
              type: "object",
              properties: {
                confirm: { type: "boolean", title: "Send this to ConnectWise", description: "Tick to send the write shown above; leave unticked to send nothing.", default: false },
              },
              required: ["confirm"],
            },
          },
        },
        ElicitResultSchema,
        { signal: extra.signal, timeout: ELICIT_TIMEOUT_MS },
      );
      if (result.action === "accept") return result.content?.confirm === true ? { outcome: "accepted" } : { outcome: "declined" };
      return { outcome: result.action === "decline" ? "declined" : "cancelled" };
    } catch (err) {
      return { outcome: "failed", reason: err instanceof Error ? err.message : String(err) };
    }
  };
}

/** The answer's first line when the person said no: nothing was sent, and the assistant should not send it behind their back. */
export function notSentText(outcome: "declined" | "cancelled"): string {
  return (
    `Not sent: the write was ${outcome === "declined" ? "declined" : "dismissed"} in the confirmation dialog, so nothing was sent to ConnectWise. ` +
    "Do not retry it with confirm: true unless the user asks for it again."
  );
}

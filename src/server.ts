/**
 * Build the MCP server: one McpServer with every tool group registered.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Catalogue } from "./catalogue/catalogue.js";
import { cataloguePath, packageVersion } from "./paths.js";
import { registerDiscoveryTools } from "./tools/discovery.js";
import { registrar } from "./tools/registrar.js";

export const SERVER_NAME = "connectwise-psa-mcp";

const INSTRUCTIONS = `ConnectWise PSA (Manage) for MSP work: tickets, companies, contacts, agreements, time, projects, \
configurations, procurement, finance. To find how to do something, call cw_search_endpoints with the task in plain \
words, then cw_endpoint_details for the chosen method and path. cw_api_categories and cw_category_endpoints browse \
the API by module. Conditions use ConnectWise syntax: status/name = "New" and dateEntered >= [2025-01-01T00:00:00Z].`;

export interface ServerHandle {
  server: McpServer;
  catalogue: Catalogue;
  /** Names of the registered tools, in registration order. */
  tools: string[];
  close(): Promise<void>;
}

export function createServer(options: { catalogueFile?: string } = {}): ServerHandle {
  const catalogue = new Catalogue(options.catalogueFile ?? cataloguePath());
  const server = new McpServer(
    { name: SERVER_NAME, title: "ConnectWise PSA", version: packageVersion() },
    { instructions: INSTRUCTIONS },
  );
  const tools = registrar(server);
  registerDiscoveryTools(tools, catalogue);
  return {
    server,
    catalogue,
    tools: [...tools.names],
    async close() {
      await server.close();
      catalogue.close();
    },
  };
}

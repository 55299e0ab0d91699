/**
 * What the report tools share within one server: the browser (launched on first use, closed with the server)
 * and the cache (report-cache.db, opened on first use). Loaded by the tool handlers on their first call, so
 * neither Playwright nor the cache costs anything at start-up.
 */
import type { Runtime } from "../runtime.js";
import type { StoreDb } from "../store/sqlite.js";
import { BrowserPool } from "./browser.js";
import { openReportCache, ReportCache } from "./cache.js";
import type { ReportEnv } from "./run.js";

const services = new WeakMap<Runtime, ReportService>();

export function reportService(runtime: Runtime): ReportService {
  let service = services.get(runtime);
  if (!service) {
    service = new ReportService(runtime);
    services.set(runtime, service);
  }
  return service;
}

export class ReportService {
  readonly pool: BrowserPool;
  private db: StoreDb | undefined;
  private store: ReportCache | undefined;

  constructor(private readonly runtime: Runtime) {
    this.pool = new BrowserPool({ dataDir: runtime.config.dataDir, chromiumPath: runtime.config.chromiumPath });
    runtime.onClose(() => this.close());
  }

  /** The cache; throws a StoreError saying what to fix when the data directory cannot be used. */
  cache(): ReportCache {
    if (!this.store) {
      this.db = openReportCache(this.runtime.config.dataDir);
      this.store = new ReportCache(this.db);
    }
    return this.store;
  }

  /** Everything a run needs; rejects with the configuration problem when ConnectWise is not configured. */
  async env(): Promise<ReportEnv> {
    const connection = await this.runtime.connection();
    // The sandbox's web password arrives with the connection: keep it out of answers like the configured one.
    this.runtime.addSecrets(connection.web?.password);
    return { config: this.runtime.config, connection, pool: this.pool, cache: this.cache() };
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
    this.store = undefined;
    await this.pool.close();
  }
}

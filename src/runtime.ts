/**
 * What the tools share at run time: the configuration, the catalogue, the ConnectWise client (built on
 * first use, once the connection is known — at once for ConnectWise, when the worker is ready for the
 * sandbox), the preview ledger, the redactor, and the local stores (opened on first use, so start-up never
 * touches the data directory).
 */
import type { Catalogue } from "./catalogue/catalogue.js";
import { connectionProblem, secretsOf, type Config } from "./config.js";
import { CwHttp } from "./http/client.js";
import { CwApiError } from "./http/errors.js";
import { redactor, type Redactor } from "./http/redact.js";
import { logRetry, slowCallMiddleware } from "./mcp/log.js";
import { Lookups } from "./operations/lookups.js";
import { openFastMemory } from "./store/fast-memory.js";
import { SavedQueryStore } from "./store/saved-queries.js";
import type { StoreDb } from "./store/sqlite.js";
import { PreviewLedger } from "./writes/preview.js";

export interface Connection {
  apiUrl: string;
  /** Basic-auth user name: CW_AUTH_PREFIX (companyId+) and the public key. */
  user: string;
  privateKey: string;
  clientId: string;
  /** Where it points, for people: "ConnectWise at https://…" or "sandbox at http://127.0.0.1:…". */
  label: string;
  /** Company id for the web sign-in form (the sandbox's; for ConnectWise, CW_COMPANY_ID). */
  company?: string;
  /** The sandbox's own web user, so browser reports work in the no-account demo; CW_WEB_USERNAME/PASSWORD win. */
  web?: { username: string; password: string };
}

/** The connection the configuration describes, or a config error naming what is missing and where to put it. */
export function connectionFromConfig(config: Config): Connection {
  const problem = connectionProblem(config);
  if (problem) throw new CwApiError({ kind: "config", message: problem });
  return {
    apiUrl: config.apiUrl!,
    user: `${config.authPrefix}${config.publicKey}`,
    privateKey: config.privateKey!,
    clientId: config.clientId!,
    label: `ConnectWise at ${config.apiUrl}`,
    ...(config.companyId ? { company: config.companyId } : {}),
  };
}

export class Runtime {
  readonly previews = new PreviewLedger();
  /** Names → records for named operations (boards, members, companies …), cached. */
  readonly lookups = new Lookups(() => this.http());
  private client: Promise<CwHttp> | undefined;
  private connected: Promise<Connection> | undefined;
  private readonly closers: (() => unknown)[] = [];
  private memory: StoreDb | undefined;
  private queries: SavedQueryStore | undefined;
  private secrets: string[];
  redact: Redactor;

  constructor(
    readonly config: Config,
    readonly catalogue: Catalogue,
    private readonly connect: () => Promise<Connection>,
    private readonly fetchImpl?: typeof globalThis.fetch,
  ) {
    this.secrets = secretsOf(config);
    this.redact = redactor(this.secrets);
  }

  /** The client; rejects with a CwApiError saying what to configure when ConnectWise cannot be reached. */
  http(): Promise<CwHttp> {
    this.client ??= this.connection().then((connection) => {
      this.secrets = [...this.secrets, connection.privateKey, connection.clientId, connection.user];
      this.redact = redactor(this.secrets);
      return new CwHttp({
        apiUrl: connection.apiUrl,
        clientId: connection.clientId,
        auth: { user: connection.user, password: connection.privateKey },
        apiVersion: this.config.apiVersion,
        timeoutMs: this.config.timeoutMs,
        maxConcurrency: this.config.maxConcurrency,
        secrets: this.secrets,
        ...(this.fetchImpl ? { fetch: this.fetchImpl } : {}),
        // Retries and slow calls: a line on stderr, and a logging notification to the client whose call it is.
        onRetry: logRetry,
        middleware: [slowCallMiddleware(this.config.slowCallMs)],
      });
    });
    // A failed connection is not cached: the next call tries again (the sandbox may come up, a variable may be fixed).
    this.client.catch(() => (this.client = undefined));
    return this.client;
  }

  /** Where ConnectWise is (for the web reports, which need its origin and company, not the HTTP client). Not cached when it fails. */
  connection(): Promise<Connection> {
    this.connected ??= this.connect();
    this.connected.catch(() => (this.connected = undefined));
    return this.connected;
  }

  /** Values to keep out of every answer from now on (e.g. the sandbox's web password once it is known). */
  addSecrets(...values: (string | undefined)[]): void {
    const fresh = values.filter((v): v is string => typeof v === "string" && v.length >= 4 && !this.secrets.includes(v));
    if (fresh.length === 0) return;
    this.secrets = [...this.secrets, ...fresh];
    this.redact = redactor(this.secrets);
  }

  /** Run `fn` when the server closes (a browser to stop); errors in it are ignored. */
  onClose(fn: () => unknown): void {
    this.closers.push(fn);
  }

  /** fast-memory.db under CW_DATA_DIR, opened (and migrated) on first use; throws a StoreError saying what to fix. Not cached when it fails. */
  fastMemory(): StoreDb {
    return (this.memory ??= openFastMemory(this.config.dataDir));
  }

  savedQueries(): SavedQueryStore {
    return (this.queries ??= new SavedQueryStore(this.fastMemory()));
  }

  /** Close the local stores (a WAL checkpoint happens here); the next use opens them again. */
  close(): void {
    for (const fn of this.closers.splice(0)) {
      try {
        void Promise.resolve(fn()).catch(() => undefined);
      } catch {
        // closing is best effort: the process is ending
      }
    }
    this.memory?.close();
    this.memory = undefined;
    this.queries = undefined;
  }
}

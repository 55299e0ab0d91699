/**
 * Recent list queries' filtered and ordered rows, reused until any table changes.
 *
 * Paging through a list asks the same question once per page: filtering 10,000 tickets and sorting them
 * again for each page made the sandbox, not the simulated latency, the slow part of a paged read. An entry
 * holds the store version it was computed at; any insert, replace or delete moves the version on, so a
 * write is seen by the very next read (references to other tables included). The arrays handed out are
 * shared and never changed in place, like `Table.list()`'s.
 */
import type { Row, Store } from "../store.js";

const MAX_ENTRIES = 32;

interface Entry {
  version: number;
  rows: Row[];
}

const caches = new WeakMap<Store, Map<string, Entry>>();

export function cachedQuery(store: Store, key: string, compute: () => Row[]): Row[] {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  const hit = cache.get(key);
  if (hit && hit.version === store.version) {
    // Most recently used last, so the oldest is the one dropped.
    cache.delete(key);
    cache.set(key, hit);
    return hit.rows;
  }
  const rows = compute();
  cache.delete(key);
  cache.set(key, { version: store.version, rows });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return rows;
}

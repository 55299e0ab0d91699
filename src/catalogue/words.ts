/**
 * Words: how paths, schema names and questions are cut into comparable terms.
 *
 * Shared by the generator (which indexes keywords) and the search (which reads questions), so both
 * sides split `timeEntries` into "time entries" and fold "entries" onto "entry" the same way.
 */

/** `timeEntries` → [time, entries]; `/service/tickets/{id}` → [service, tickets, id]; `SLAs` → [slas]. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([A-Z]{2,})s(?![a-z])/g, "$1S") // SLAs, URLs: an acronym's plural stays one word
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Fold plural and simple verb forms: entries → entry, statuses → status, companies → company. */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z|us)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("ses") && !w.endsWith("sses")) return w.slice(0, -1);
  if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** The words of a path's fixed segments, run-together words split: /time/timeentries → time time entries. */
export function pathWords(path: string, vocabulary: ReadonlySet<string>): string[] {
  const words: string[] = [];
  for (const seg of path.split("/")) {
    if (!seg || seg.startsWith("{")) continue;
    for (const w of splitWords(seg)) words.push(...splitCompound(w, vocabulary));
  }
  return words;
}

/**
 * Split a run-together path word using words seen elsewhere in the API: `timeentries` → time entries,
 * `purchaseorders` → purchase orders. A word that is itself known, or has no two-part split, stays whole.
 */
export function splitCompound(word: string, vocabulary: ReadonlySet<string>): string[] {
  const known = (w: string) => w.length >= 3 && (vocabulary.has(w) || vocabulary.has(stem(w)));
  if (word.length < 7 || known(word)) return [word];
  for (let i = word.length - 3; i >= 3; i--) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (known(head) && known(tail)) return [head, tail];
  }
  return [word];
}

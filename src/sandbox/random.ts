/**
 * A seeded pseudo-random source (mulberry32) and the draws the seed and fault injection need. Every area of the dataset
 * takes its own stream (`fork("companies")`), so adding a draw in one area leaves the others unchanged.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream derived from this seed and a label. */
  fork(label: string): Random {
    let h = this.state ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b) ^ (h >>> 13);
    return new Random(Math.imul(h ^ (h >>> 16), 0xc2b2ae35) ^ (h >>> 15));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of `items`, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items.at(-1);
    if (!last) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** `n` distinct items in random order (all of them when there are fewer). */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, n));
  }

  /** A right-skewed positive value with the given median (log-normal, spread `sigma`). */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }
}

/**
 * Split `total` into integers proportional to `weights` (largest remainder), each at least `min`
 * and at most `max` when the total allows it.
 */
export function apportion(weights: readonly number[], total: number, min = 0, max = Number.POSITIVE_INFINITY): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const out = new Array<number>(n).fill(min);
  let left = total - min * n;
  if (left <= 0) return out;
  let open = weights.map((w, i) => (w > 0 ? i : -1)).filter((i) => i >= 0);
  while (left > 0 && open.length > 0) {
    const sum = open.reduce((s, i) => s + (weights[i] ?? 0), 0);
    const shares = open.map((i) => ((weights[i] ?? 0) / sum) * left);
    let given = 0;
    const rema: [number, number][] = [];
    open.forEach((i, k) => {
      const room = max - (out[i] ?? 0);
      const whole = Math.min(Math.floor(shares[k] ?? 0), room);
      out[i] = (out[i] ?? 0) + whole;
      given += whole;
      if (whole < room) rema.push([i, (shares[k] ?? 0) - Math.floor(shares[k] ?? 0)]);
    });
    left -= given;
    rema.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [i] of rema) {
      if (left <= 0) break;
      out[i] = (out[i] ?? 0) + 1;
      left--;
    }
    open = open.filter((i) => (out[i] ?? 0) < max);
    if (given === 0 && rema.length === 0) break;
  }
  return out;
}

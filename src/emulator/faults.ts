// Fault injection for resilience tests: seeded, so a failing run can be replayed with the same --seed.
// The two rates draw from separate streams, so changing one rate does not reshuffle the other's faults.

/** mulberry32: a tiny, well-distributed 32-bit PRNG; plenty for picking which requests fail. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private readonly failDraw: () => number;
  private readonly lostDraw: () => number;

  constructor(
    private readonly failRate: number,
    private readonly lostRate: number,
    seed: number,
  ) {
    this.failDraw = mulberry32(seed);
    this.lostDraw = mulberry32(seed ^ 0x9e3779b9);
  }

  /** 500 or 503 when this write should fail before running, else 0. */
  failure(): 0 | 500 | 503 {
    if (this.failRate <= 0) return 0;
    const r = this.failDraw();
    if (r >= this.failRate) return 0;
    return r < this.failRate / 2 ? 500 : 503;
  }

  /** True when this committed write should lose its response. */
  loseResponse(): boolean {
    return this.lostRate > 0 && this.lostDraw() < this.lostRate;
  }
}

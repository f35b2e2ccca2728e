// Progress while importing: a line every few seconds with writes done, the rate, and spaces finished.
import type { Checkpoint } from '../checkpoint/state.js';
import type { Logger } from '../log.js';

const INTERVAL_MS = 5_000;

export class ProgressReporter {
  private timer: NodeJS.Timeout | undefined;
  private writes = 0;
  private lastWrites = 0;
  private spacesDone = 0;
  private readonly started = Date.now();

  constructor(private readonly checkpoint: Checkpoint, private readonly log: Logger, quiet: boolean) {
    if (!quiet) {
      this.timer = setInterval(() => this.print(), INTERVAL_MS);
      this.timer.unref();
    }
  }

  tick(): void {
    this.writes += 1;
  }

  spaceDone(name: string): void {
    this.spacesDone += 1;
    this.log.debug({ space: name }, 'space finished');
  }

  private print(): void {
    const total = Object.keys(this.checkpoint.data.spaces).length;
    const rate = ((this.writes - this.lastWrites) * 60_000) / INTERVAL_MS;
    this.lastWrites = this.writes;
    const elapsed = Math.round((Date.now() - this.started) / 1000);
    this.log.info(`progress: ${this.writes} writes in ${elapsed}s (${Math.round(rate)}/min now), ${this.spacesDone}/${total} spaces finished`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

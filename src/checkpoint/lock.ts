// One run per state file. The lock file holds the owner's pid: a run killed with SIGKILL leaves it behind, and the
// next run takes it over at once when that pid is gone (a time-based stale lock, as proper-lockfile does, would
// make an admin wait after a crash). Same-machine only, which is where a state file lives.
import { open, readFile, rm } from 'node:fs/promises';
import { FatalError, FileSystemError } from '../errors.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function lockStateFile(statePath: string): Promise<() => Promise<void>> {
  const lockPath = `${statePath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        // A lock that cannot be removed is harmless: the next run takes it over once this pid is gone.
        await rm(lockPath, { force: true }).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new FileSystemError(lockPath, 'create the lock file', error);
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new FatalError('state_locked', `Another chat-import run (pid ${owner}) is using ${statePath}. Wait for it to finish (or stop it), then run this command again.`);
      }
      // left by a run that no longer exists
      await rm(lockPath, { force: true }).catch((error: unknown) => {
        throw new FileSystemError(lockPath, 'remove the stale lock file', error);
      });
    }
  }
  throw new FatalError('state_locked', `Could not lock ${statePath}: remove ${lockPath} if no chat-import run is using it.`);
}

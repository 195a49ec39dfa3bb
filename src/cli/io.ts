/** Where a command writes: injectable so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutStream: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /**
   * At the end of a command: wait until everything written to stdout has gone out, then say
   * what went wrong writing it, if anything (EPIPE: the reader left, as `| head` does; ENOSPC:
   * the disk is full).
   */
  finishStdout?(): Promise<NodeJS.ErrnoException | undefined>;
}

let stdoutFailure: NodeJS.ErrnoException | undefined;
/** Writes handed to the stream and not yet done; finishStdout waits for them. */
let pending = 0;
let allDone: (() => void) | undefined;
let listening = false;
/** Once stdout has failed, what the command still says on stderr (counts, progress) is noise until it ends. */
let commandEnded = false;

/** Failed writes arrive as 'error' events; without a listener Node would crash with a stack trace. */
function listen(): void {
  if (listening) return;
  listening = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    stdoutFailure ??= error;
  });
  // Nowhere left to report a stderr failure: drop it rather than crash.
  process.stderr.on('error', () => undefined);
}

export const processIo: CliIo = {
  stdout: (text) => {
    listen();
    // After a failure the rest is dropped: nobody reads it, or there is no room for it.
    if (stdoutFailure !== undefined || process.stdout.destroyed) return;
    pending += 1;
    process.stdout.write(text, () => {
      pending -= 1;
      if (pending === 0) allDone?.();
    });
    // A write that failed at once (a pipe without reader, a full disk) marks the stream
    // errored now; its 'error' event only follows on the next tick.
    stdoutFailure ??= (process.stdout.errored as NodeJS.ErrnoException | null) ?? undefined;
  },
  stderr: (text) => {
    listen();
    if (stdoutFailure !== undefined && !commandEnded) return;
    if (!process.stderr.destroyed) process.stderr.write(text);
  },
  stdoutStream: process.stdout,
  env: process.env,
  finishStdout: async () => {
    listen();
    if (pending > 0) await new Promise<void>((resolve) => (allDone = resolve));
    // The 'error' event of a failed write is emitted on the next tick.
    await new Promise<void>((resolve) => setImmediate(resolve));
    commandEnded = true;
    return stdoutFailure;
  },
};

// One way out of the app for every reason it ends, so the session is closed and the
// window's position saved whatever ends it:
// - Quit (tray menu, an installer closing the app): app `before-quit`;
// - Windows logoff, shutdown or restart: BrowserWindow `session-end`. Electron emits no
//   `before-quit` then (its docs: "On Windows, this event will not be emitted if the app
//   is closed due to a shutdown/restart of the system or a user logout"), and once
//   `session-end` fires the session cannot be kept from ending: the process may be
//   killed as soon as the handler returns, so what must survive (the window position,
//   the log line) is done synchronously, before the first await;
// - Linux and macOS shutdown or reboot: powerMonitor `shutdown`, whose preventDefault()
//   makes Electron delay the shutdown until the app exits, which it must do promptly.
// While quitting, the window's `close` is no longer turned into a hide (`quitting`), so a
// window kept alive for the tray cannot hold up a logoff either.

export interface ShutdownDeps {
  /** Synchronous: saves the window's position (desktop/window.ts saveWindowState). */
  saveWindowState(): void;
  /** Synchronous: tray, notifications, global shortcuts, IPC, power watch. */
  releaseUi(): void;
  /** Closes the session and the simulator (core.stop). */
  stopCore(): Promise<void>;
  closeLog(): void;
  exit(code: number): void;
  log: { info(fields: Record<string, unknown>, msg: string): void; warn(fields: Record<string, unknown>, msg: string): void };
  /** Bound on stopCore: the app exits anyway after it (default 2 s). */
  stopDeadlineMs?: number;
  /** setTimeout-like; returns a cancel function. */
  after?: (ms: number, fn: () => void) => () => void;
}

export type ShutdownReason = 'quit' | 'session-end' | 'system-shutdown';

interface PreventableEvent {
  preventDefault(): void;
}

const DEFAULT_STOP_DEADLINE_MS = 2000;

export class Shutdown {
  private started: Promise<void> | null = null;

  constructor(private readonly deps: ShutdownDeps) {}

  /** True once any way out has begun: the window closes instead of hiding. */
  get quitting(): boolean {
    return this.started !== null;
  }

  /** app `before-quit`: the first one is held until the session is closed, then the app exits itself. */
  beforeQuit(event: PreventableEvent): void {
    if (this.started) return;
    event.preventDefault();
    void this.run('quit');
  }

  /** BrowserWindow `session-end` (Windows). */
  sessionEnd(): void {
    void this.run('session-end');
  }

  /** powerMonitor `shutdown` (Linux, macOS): delay the shutdown until the session is closed. */
  systemShutdown(event?: PreventableEvent): void {
    event?.preventDefault();
    void this.run('system-shutdown');
  }

  /** Idempotent: every reason after the first joins it. */
  run(reason: ShutdownReason): Promise<void> {
    this.started ??= this.stop(reason);
    return this.started;
  }

  private async stop(reason: ShutdownReason): Promise<void> {
    const { deps } = this;
    // Synchronous part first: it is all a Windows logoff may leave time for.
    try {
      deps.saveWindowState();
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'window position could not be saved');
    }
    deps.log.info({ reason }, 'stopping');
    try {
      deps.releaseUi();
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'releasing the window, tray or shortcuts failed; stopping anyway');
    }
    const deadline = deps.stopDeadlineMs ?? DEFAULT_STOP_DEADLINE_MS;
    const after = deps.after ?? ((ms, fn) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    });
    let cancel: () => void = () => undefined;
    const late = new Promise<'late'>((resolve) => (cancel = after(deadline, () => resolve('late'))));
    const outcome = await Promise.race([deps.stopCore().then(() => 'stopped' as const, () => 'stopped' as const), late]);
    cancel();
    if (outcome === 'late') deps.log.warn({ deadlineMs: deadline }, 'session did not close in time; exiting anyway');
    deps.log.info({ reason }, 'stopped');
    deps.closeLog();
    deps.exit(0);
  }
}

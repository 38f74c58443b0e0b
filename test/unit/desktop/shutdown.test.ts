import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Shutdown } from '../../../app/main/desktop/shutdown.ts';
import type { ShutdownDeps } from '../../../app/main/desktop/shutdown.ts';
import { WindowSummons } from '../../../app/main/desktop/window-summons.ts';

function harness(overrides: Partial<ShutdownDeps> = {}) {
  const steps: string[] = [];
  const timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
  const deps: ShutdownDeps = {
    saveWindowState: () => void steps.push('save'),
    releaseUi: () => void steps.push('release'),
    stopCore: async () => void steps.push('stop'),
    closeLog: () => void steps.push('closeLog'),
    exit: (code) => void steps.push(`exit ${code}`),
    log: { info: (f, m) => void steps.push(`info ${m} ${JSON.stringify(f)}`), warn: (f, m) => void steps.push(`warn ${m}`) },
    after: (ms, fn) => {
      const t = { ms, fn, cancelled: false };
      timers.push(t);
      return () => void (t.cancelled = true);
    },
    ...overrides,
  };
  return { shutdown: new Shutdown(deps), steps, timers };
}

const preventable = () => ({ prevented: 0, preventDefault() {
  this.prevented++;
} });

describe('Shutdown', () => {
  it('session-end does the part that must survive synchronously, then stops the session and exits', async () => {
    const { shutdown, steps } = harness();
    shutdown.sessionEnd();
    // Before any await: what a Windows logoff may leave time for.
    expect(steps).toEqual(['save', 'info stopping {"reason":"session-end"}', 'release', 'stop']);
    expect(shutdown.quitting).toBe(true);
    await shutdown.run('quit');
    expect(steps.slice(4)).toEqual(['info stopped {"reason":"session-end"}', 'closeLog', 'exit 0']);
  });

  it('Quit holds the first before-quit until the session is closed; later ones pass', async () => {
    const { shutdown, steps } = harness();
    const first = preventable();
    shutdown.beforeQuit(first);
    expect(first.prevented).toBe(1);
    const second = preventable();
    shutdown.beforeQuit(second);
    expect(second.prevented).toBe(0);
    await shutdown.run('quit');
    expect(steps.filter((s) => s.startsWith('exit'))).toEqual(['exit 0']);
  });

  it('powerMonitor shutdown delays the system shutdown (preventDefault) and exits once stopped', async () => {
    const { shutdown, steps } = harness();
    const event = preventable();
    shutdown.systemShutdown(event);
    expect(event.prevented).toBe(1);
    await shutdown.run('system-shutdown');
    expect(steps.at(-1)).toBe('exit 0');
  });

  it('a session that never closes: exits after the deadline anyway, saying so', async () => {
    const { shutdown, steps, timers } = harness({ stopCore: () => new Promise(() => undefined), stopDeadlineMs: 2000 });
    const done = shutdown.run('quit');
    expect(timers.map((t) => t.ms)).toEqual([2000]);
    timers[0]!.fn();
    await done;
    expect(steps).toContain('warn session did not close in time; exiting anyway');
    expect(steps.at(-1)).toBe('exit 0');
  });

  it('a failing save or release does not keep the session open', async () => {
    const { shutdown, steps } = harness({
      saveWindowState: () => {
        throw new Error('disk full');
      },
      releaseUi: () => {
        throw new Error('tray gone');
      },
    });
    await shutdown.run('quit');
    expect(steps).toEqual(expect.arrayContaining(['warn window position could not be saved', 'stop', 'exit 0']));
  });
});

describe('WindowSummons', () => {
  it('registers second-instance and activate at once; a summons before the window exists is answered when it does', () => {
    const app = new EventEmitter();
    const summons = new WindowSummons(app);
    expect(app.eventNames().sort()).toEqual(['activate', 'second-instance']);
    app.emit('second-instance');
    app.emit('activate');
    let shown = 0;
    summons.ready(() => void shown++);
    expect(shown).toBe(1);
    app.emit('activate');
    expect(shown).toBe(2);
  });

  it('no summons, no show', () => {
    const summons = new WindowSummons(new EventEmitter());
    let shown = 0;
    summons.ready(() => void shown++);
    expect(shown).toBe(0);
  });
});

// The app-level events that ask for the window: a second launch (`second-instance`,
// every OS) and macOS's `activate` (the Dock icon clicked, or the app re-launched,
// while it runs with its window hidden or closed).
//
// Both are registered at once, before any await in the entry: Electron emits
// `second-instance` to the listeners registered when the second launch arrives, and
// the agent's second double-click can come while the first start is still waiting
// for `ready`, the config or the keychain — a listener added after an await would miss
// it, and the second launch would just quit with nothing shown. A summons that comes
// before the window exists is kept and answered once it does.
export interface AppEventSource {
  on(event: 'second-instance' | 'activate', listener: () => void): unknown;
}

export class WindowSummons {
  private show: (() => void) | null = null;
  private pending = false;

  constructor(app: AppEventSource) {
    app.on('second-instance', () => this.summon());
    app.on('activate', () => this.summon());
  }

  /** Brings the window now, or as soon as there is one. */
  summon(): void {
    if (this.show) this.show();
    else this.pending = true;
  }

  /** The window can be shown from now on (`show` also recreates it if it was closed). */
  ready(show: () => void): void {
    this.show = show;
    if (this.pending) {
      this.pending = false;
      show();
    }
  }
}

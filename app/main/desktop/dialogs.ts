// The entry's two message boxes, worded from the one catalogue (app/shared/messages).
// What follows the catalogue's sentence is for IT, as Details are in the window: the
// error that stopped the start, the config loader's problems (file, key, what is wrong),
// scrubbed of known secrets by the caller where it has them.
import { WORDS } from '../../shared/messages/index.ts';
import type { ConfigProblem } from '../config/load.ts';

const D = WORDS.dialogs;

/** dialog.showErrorBox(title, content) when the app cannot start. */
export function startFailedBox(err: unknown): { title: string; content: string } {
  const detail = err instanceof Error ? err.message : String(err);
  return { title: D.startFailed, content: `${D.startFailedBody}\n\n${detail}` };
}

/** dialog.showMessageBox options for configuration problems; `blocked`: no session can run with it. */
export function configProblemsBox(problems: readonly ConfigProblem[], blocked: boolean): { type: 'warning'; title: string; message: string; detail: string } {
  return {
    type: 'warning',
    title: D.config,
    message: blocked ? D.configBlocked : D.configIgnored,
    detail: problems.map((p) => `${p.file}${p.key ? ` → ${p.key}` : ''}: ${p.message}`).join('\n'),
  };
}

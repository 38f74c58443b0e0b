// The entry's message boxes (app/main/desktop/dialogs.ts): the agent's words from the
// catalogue; what the loader or the error said follows them, for IT.
import { describe, expect, it } from 'vitest';
import { configProblemsBox, startFailedBox } from '../../../app/main/desktop/dialogs.ts';
import { WORDS } from '../../../app/shared/messages/index.ts';

describe('dialogs', () => {
  it('a start that failed: the catalogue\'s title and sentence, then the error', () => {
    expect(startFailedBox(new Error('EACCES: /var/log'))).toEqual({ title: 'Agent Toolbar could not start', content: 'Call IT support and tell them what follows.\n\nEACCES: /var/log' });
    expect(startFailedBox('plain').content.endsWith('\n\nplain')).toBe(true);
  });

  it('config problems: blocked or ignored, in the catalogue\'s words; each problem a line of detail', () => {
    const problems = [
      { file: '/etc/agent-toolbar/config.yaml', key: 'reconnect.maxDelayMs', message: 'too small; the key is ignored' },
      { file: '/home/a/config.yaml', key: '', message: 'not valid YAML; the whole file is ignored' },
    ];
    expect(configProblemsBox(problems, false)).toEqual({
      type: 'warning',
      title: WORDS.dialogs.config,
      message: WORDS.dialogs.configIgnored,
      detail: '/etc/agent-toolbar/config.yaml → reconnect.maxDelayMs: too small; the key is ignored\n/home/a/config.yaml: not valid YAML; the whole file is ignored',
    });
    expect(configProblemsBox(problems, true).message).toBe('The toolbar cannot start a session with this configuration. Call IT support.');
  });
});

// A banner in the catalogue's words: a title and one sentence that answer "is my
// call OK, will I still get calls, what is the toolbar doing, what can I do", what
// the toolbar is doing right now (the countdown), the one action, and what a screen
// reader hears (the headline, once). No server, role, code or attempt: Details.
import type { NotReadyReason } from '../../shared/ui-config.ts';
import type { Banner, CallFact } from './banner.ts';
import type { Countdown } from './countdown.ts';
import { credentialField, describeFatal, restoreSentence, setupWords, WORDS } from './messages.ts';
import { partyInSentence } from '../../shared/messages/party.ts';

export type BannerAction = 'reconnect' | 'login-again' | 'dismiss';

export interface BannerWords {
  title: string;
  body: string | null;
  /** What the toolbar is doing now ("Next try in 0:03"), or null. */
  meta: string | null;
  action: BannerAction | null;
  /** What screen readers hear: title and sentence, without the ticking parts. */
  spoken: string;
}

const B = WORDS.banner;

export function countdownWords(c: Countdown): string {
  return c.kind === 'waiting' ? B.nextTry(c.clock) : B.tryingNow;
}

export function bannerWords(b: Banner, reasons: readonly NotReadyReason[]): BannerWords {
  const words = (title: string, body: string | null, action: BannerAction | null = null, meta: string | null = null, spoken?: string): BannerWords => ({
    title,
    body,
    meta,
    action,
    spoken: spoken ?? (body ? `${title} ${body}` : title),
  });
  switch (b.kind) {
    case 'setup': {
      // No action: Reconnect now cannot fix a file, and the keychain prompt is the OS's.
      const w = setupWords(b);
      return words(w.title, w.body);
    }
    case 'failed':
      // Retrying helps only when the agent can fix the cause (a password, an agent id): then it is offered.
      return words(B.failed.title, b.atField ? B.failed.atField : describeFatal(b.code).text, credentialField(b.code) ? 'reconnect' : null);
    case 'offline':
    case 'reconnecting':
      return words(B[b.kind].title, withCall(b.kind, b.call) ?? B[b.kind].body, 'reconnect', countdownWords(b.countdown));
    case 'lost':
      return words(B.lost.title, withCall('lost', b.call) ?? B.lost.body);
    case 'link-down':
      return words(B['link-down'].title, withCall('link-down', b.call) ?? B['link-down'].body);
    case 'checking': {
      const body = withCall('checking', b.call) ?? B.checking.body;
      return words(B.checking.title, `${B.checking.silentFor(b.silentFor)} ${body}`, null, null, `${B.checking.title} ${body}`);
    }
    case 'logged-out':
      return words(B['logged-out'].title, b.onPhone ? B['logged-out'].withCall : B['logged-out'].body, 'login-again');
    case 'switched':
      return words(B.switched.title, restoreSentence(b.failover.result, reasons), 'dismiss');
  }
}

/** With a call in progress, the sentence names it: it goes on, its controls wait. Null without one. */
function withCall(kind: keyof typeof B.withCall, call: CallFact | null | undefined): string | null {
  return call ? B.withCall[kind](partyInSentence(call.otherDN)) : null;
}

/** The words of an action button. */
export function actionLabel(action: BannerAction): string {
  return action === 'reconnect' ? B.reconnectNow : action === 'login-again' ? B.loginAgain : B.dismiss;
}

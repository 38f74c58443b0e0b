// Call-control requests (issue 12) for a T-Server connection. Each names its
// request, its reply (REPLIES in the catalogue, the one source of truth) and the
// words for logs; the connection sends it through its own request path, so the
// ReferenceID, the timeout, the wrong-DN check and the write bound stay there.
// Separate from connection.ts on purpose: the connection exposes these by passing
// its `request` (e.g. `answerCall(dn, id) { return answerCall(this.send, dn, id) }`).
import { REPLIES } from '../protocol/index.ts';
import type { Attributes, KvList, RequestName, TMessage } from '../protocol/index.ts';
import { TServerError } from './errors.ts';

/** The connection's request path: sends `name` with a fresh ReferenceID and resolves with the reply. */
export type RequestFn = (name: RequestName, attrs: Attributes, replies: readonly string[], what: string, dn: string | null) => Promise<TMessage>;

/** The same refusal as the connection's own: nothing was sent, not retryable as it stands. */
const badRequest = (message: string): Promise<never> => Promise.reject(new TServerError('bad-request', message, null, false));

function onCall(send: RequestFn, name: 'RequestAnswerCall' | 'RequestReleaseCall' | 'RequestHoldCall' | 'RequestRetrieveCall', verb: string, dn: string, connId: string): Promise<TMessage> {
  const what = `${verb} ${typeof connId === 'string' ? connId : '?'} on ${dn}`;
  if (typeof connId !== 'string' || connId === '') return badRequest(`${what}: a ConnID is required`);
  return send(name, { ThisDN: dn, ConnID: connId }, REPLIES[name], what, dn);
}

/** Resolves with EventEstablished; 43 answered already, 1712 not ringing, 56 no such call. */
export const answerCall = (send: RequestFn, dn: string, connId: string): Promise<TMessage> => onCall(send, 'RequestAnswerCall', 'AnswerCall', dn, connId);

/** Resolves with EventReleased; 56 when the call has ended already. */
export const releaseCall = (send: RequestFn, dn: string, connId: string): Promise<TMessage> => onCall(send, 'RequestReleaseCall', 'ReleaseCall', dn, connId);

/** Resolves with EventHeld; 43 held already, 1712 not established. */
export const holdCall = (send: RequestFn, dn: string, connId: string): Promise<TMessage> => onCall(send, 'RequestHoldCall', 'HoldCall', dn, connId);

/** Resolves with EventRetrieved; 43 not held, 1712 ringing or dialing. */
export const retrieveCall = (send: RequestFn, dn: string, connId: string): Promise<TMessage> => onCall(send, 'RequestRetrieveCall', 'RetrieveCall', dn, connId);

/** Resolves with EventDialing (its ConnID names the new call); 53, 83, 91 as docs/protocol.md says. */
export function makeCall(send: RequestFn, dn: string, otherDn: string, userData?: KvList): Promise<TMessage> {
  const what = `MakeCall ${typeof otherDn === 'string' ? otherDn : '?'} from ${dn}`;
  if (typeof otherDn !== 'string' || otherDn === '') return badRequest(`${what}: a number to call is required`);
  return send('RequestMakeCall', { ThisDN: dn, OtherDN: otherDn, UserData: userData }, REPLIES.RequestMakeCall, what, dn);
}

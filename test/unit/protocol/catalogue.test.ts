// The catalogue must carry exactly the numbers agreed in DESIGN.md §3 and, for the
// calls (issue 12), the public T-Library numbers docs/protocol.md cites (written out
// here on purpose: this test is the independent copy that catches a typo there).
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTES, AgentStateCode, CALL_KEYS, CallType, ErrorCodes, MANDATORY, MESSAGES, PartyState, REPLIES, ServerRole, WorkMode, attributeNameOf, isRequestName,
  messageNameOf,
} from '../../../app/main/tserver/protocol/index.ts';
import type { MessageName } from '../../../app/main/tserver/protocol/index.ts';

describe('catalogue numbers (DESIGN.md §3)', () => {
  it('message ids', () => {
    const design = {
      RequestRegisterClient: 0, RequestQueryServer: 1, RequestQueryAddress: 2, RequestRegisterAddress: 3, RequestUnregisterAddress: 4,
      RequestAgentLogin: 8, RequestAgentLogout: 9, RequestAgentReady: 10, RequestAgentNotReady: 11,
      EventServerConnected: 50, EventServerDisconnected: 51, EventError: 52, EventRegistered: 53, EventUnregistered: 54,
      EventAgentLogin: 73, EventAgentLogout: 74, EventAgentReady: 75, EventAgentNotReady: 76, EventAddressInfo: 92,
      EventServerInfo: 93, EventLinkDisconnected: 94, EventLinkConnected: 95, EventPrimaryChanged: 133,
      // Calls: T-Library TMessageType (docs/protocol.md, "Where the numbers come from").
      RequestMakeCall: 14, RequestAnswerCall: 16, RequestReleaseCall: 17, RequestHoldCall: 18, RequestRetrieveCall: 19,
      EventRinging: 60, EventDialing: 61, EventEstablished: 64, EventReleased: 65, EventHeld: 66, EventRetrieved: 67,
    };
    const { AddpPing, AddpPong, ...tlibrary } = MESSAGES;
    expect(tlibrary).toEqual(design);
    // ADDP frames use reserved ids outside the T-Library range (docs/protocol.md).
    expect([AddpPing, AddpPong]).toEqual([0xfff0, 0xfff1]);
  });

  it('public attribute tags, and project tags at 1000 and above', () => {
    const design = {
      ErrorMessage: 1, ReferenceID: 2, AgentID: 14, AgentWorkMode: 16, ThisDN: 20, ErrorCode: 46, RegisterMode: 49, ControlMode: 50,
      Extensions: 53, ServerRole: 62, ApplicationName: 64, CustomerID: 76, TimeinSecs: 86, TimeinuSecs: 87, SessionID: 108,
      ServerStartTime: 147, EventSequenceNumber: 148,
    };
    const tags = Object.fromEntries(Object.entries(ATTRIBUTES).map(([name, def]) => [name, def.tag]));
    const publicTags = Object.fromEntries(Object.entries(tags).filter(([, t]) => t < 1000));
    expect(publicTags).toEqual(design);
    expect(Object.values(tags).filter((t) => t >= 1000).length).toBeGreaterThan(0);
    // No public wire number exists for the call attributes: project tags, in order.
    expect(tags).toMatchObject({ ConnID: 1008, OtherDN: 1009, CallType: 1010, ANI: 1011, DNIS: 1012, UserData: 1013, Calls: 1014 });
  });

  it('work modes, server roles, agent states and error codes', () => {
    expect(WorkMode).toEqual({ Unknown: 0, ManualIn: 1, AutoIn: 2, AfterCallWork: 3, AuxWork: 4, NoCallDisconnect: 5, WalkAway: 6, ReturnBack: 7 });
    expect(ServerRole).toEqual({ Primary: 1, Backup: 2 });
    expect(AgentStateCode).toEqual({ LoggedOut: 0, Ready: 1, NotReady: 2 });
    expect(Object.values(ErrorCodes).sort((a, b) => a - b)).toEqual([41, 43, 53, 54, 56, 57, 58, 83, 91, 109, 119, 123, 125, 192, 1705, 1706, 1712]);
    expect(ErrorCodes).toMatchObject({
      NotRegistered: 41, InSameState: 43, InvalidAttribute: 53, InvalidConnId: 56, OriginDnBusy: 83, DestinationBusy: 91, LinkDown: 109, BadPassword: 119,
      DnDoesNotExist: 123, PasswordDoesNotMatch: 1705, AlreadyLoggedIn: 1706, InvalidCallState: 1712,
    });
  });

  it('call types (T-Library TCallType) and the states a DN can be in on a call', () => {
    expect(CallType).toEqual({ Unknown: 0, Internal: 1, Inbound: 2, Outbound: 3, Consult: 4 });
    expect(Object.values(PartyState)).toEqual(['ringing', 'dialing', 'established', 'held']);
    expect(Object.keys(CALL_KEYS)).toEqual(['ConnID', 'State', 'CallType', 'OtherDN', 'ANI', 'DNIS', 'Since', 'EstablishedSince', 'UserData']);
  });

  it('every request has its reply event, and call requests and events name their call', () => {
    const requests = Object.keys(MESSAGES).filter((n) => n.startsWith('Request'));
    expect(Object.keys(REPLIES).sort()).toEqual(requests.sort());
    for (const [request, replies] of Object.entries(REPLIES)) {
      expect(isRequestName(request)).toBe(true);
      for (const reply of replies) expect(reply in MESSAGES && reply.startsWith('Event'), `${request} → ${reply}`).toBe(true);
    }
    expect(isRequestName('EventRinging')).toBe(false);
    expect(isRequestName('toString')).toBe(false);
    for (const name of ['RequestAnswerCall', 'RequestReleaseCall', 'RequestHoldCall', 'RequestRetrieveCall', 'EventRinging', 'EventDialing', 'EventEstablished', 'EventReleased', 'EventHeld', 'EventRetrieved'] as MessageName[]) {
      expect(MANDATORY[name], name).toContain('ConnID');
    }
    expect(MANDATORY.RequestMakeCall).toEqual(['ThisDN', 'OtherDN', 'ReferenceID']);
  });

  it('ids and tags are unique, so the reverse lookups are well defined', () => {
    for (const [name, id] of Object.entries(MESSAGES)) expect(messageNameOf(id)).toBe(name);
    for (const [name, def] of Object.entries(ATTRIBUTES)) expect(attributeNameOf(def.tag)).toBe(name);
  });
});

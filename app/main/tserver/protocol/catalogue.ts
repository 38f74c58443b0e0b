// The message catalogue of protocol v1 (DESIGN.md §3): T-Library numbering for
// messages and attributes, project tags >= 1000 where no public number exists.
// docs/protocol.md documents every entry here (and cites where the public numbers
// come from); this file is the source of truth.

export const AttrType = { Int: 1, String: 2, KvList: 3, Binary: 4 } as const;
export type AttrTypeCode = (typeof AttrType)[keyof typeof AttrType];

export const MESSAGES = {
  RequestRegisterClient: 0,
  RequestQueryServer: 1,
  RequestQueryAddress: 2,
  RequestRegisterAddress: 3,
  RequestUnregisterAddress: 4,
  RequestAgentLogin: 8,
  RequestAgentLogout: 9,
  RequestAgentReady: 10,
  RequestAgentNotReady: 11,
  RequestMakeCall: 14,
  RequestAnswerCall: 16,
  RequestReleaseCall: 17,
  RequestHoldCall: 18,
  RequestRetrieveCall: 19,
  EventServerConnected: 50,
  EventServerDisconnected: 51,
  EventError: 52,
  EventRegistered: 53,
  EventUnregistered: 54,
  EventRinging: 60,
  EventDialing: 61,
  EventEstablished: 64,
  EventReleased: 65,
  EventHeld: 66,
  EventRetrieved: 67,
  EventAgentLogin: 73,
  EventAgentLogout: 74,
  EventAgentReady: 75,
  EventAgentNotReady: 76,
  EventAddressInfo: 92,
  EventServerInfo: 93,
  EventLinkDisconnected: 94,
  EventLinkConnected: 95,
  EventPrimaryChanged: 133,
  // Reserved ids for ADDP keep-alive frames (not T-Library events).
  AddpPing: 0xfff0,
  AddpPong: 0xfff1,
} as const;
export type MessageName = keyof typeof MESSAGES;

export const ATTRIBUTES = {
  ErrorMessage: { tag: 1, type: AttrType.String },
  ReferenceID: { tag: 2, type: AttrType.Int },
  AgentID: { tag: 14, type: AttrType.String },
  AgentWorkMode: { tag: 16, type: AttrType.Int },
  ThisDN: { tag: 20, type: AttrType.String },
  ErrorCode: { tag: 46, type: AttrType.Int },
  RegisterMode: { tag: 49, type: AttrType.Int },
  ControlMode: { tag: 50, type: AttrType.Int },
  Extensions: { tag: 53, type: AttrType.KvList },
  ServerRole: { tag: 62, type: AttrType.Int },
  ApplicationName: { tag: 64, type: AttrType.String },
  CustomerID: { tag: 76, type: AttrType.String },
  TimeinSecs: { tag: 86, type: AttrType.Int },
  TimeinuSecs: { tag: 87, type: AttrType.Int },
  SessionID: { tag: 108, type: AttrType.Int },
  ServerStartTime: { tag: 147, type: AttrType.Int },
  EventSequenceNumber: { tag: 148, type: AttrType.Int },
  // Project-defined tags (no public number).
  ApplicationPassword: { tag: 1000, type: AttrType.String },
  AddpTimeout: { tag: 1001, type: AttrType.Int },
  AddpRemoteTimeout: { tag: 1002, type: AttrType.Int },
  AgentPassword: { tag: 1003, type: AttrType.String },
  Reasons: { tag: 1004, type: AttrType.KvList },
  AgentState: { tag: 1005, type: AttrType.Int },
  ServerName: { tag: 1006, type: AttrType.String },
  RequestedMessage: { tag: 1007, type: AttrType.Int },
  // Call attributes: T-Library names them (AttributeConnID, …) but publishes no wire number.
  ConnID: { tag: 1008, type: AttrType.String },
  OtherDN: { tag: 1009, type: AttrType.String },
  CallType: { tag: 1010, type: AttrType.Int },
  ANI: { tag: 1011, type: AttrType.String },
  DNIS: { tag: 1012, type: AttrType.String },
  UserData: { tag: 1013, type: AttrType.KvList },
  /** EventAddressInfo: the DN's calls, one `Call` entry (a key-value list, CALL_KEYS) each. */
  Calls: { tag: 1014, type: AttrType.KvList },
} as const;
export type AttributeName = keyof typeof ATTRIBUTES;

export const ServerRole = { Primary: 1, Backup: 2 } as const;

export const WorkMode = {
  Unknown: 0,
  ManualIn: 1,
  AutoIn: 2,
  AfterCallWork: 3,
  AuxWork: 4,
  NoCallDisconnect: 5,
  WalkAway: 6,
  ReturnBack: 7,
} as const;

/** Value of the project attribute AgentState (tag 1005). */
export const AgentStateCode = { LoggedOut: 0, Ready: 1, NotReady: 2 } as const;

/** T-Library's CallType (the public TCallType enumeration). */
export const CallType = { Unknown: 0, Internal: 1, Inbound: 2, Outbound: 3, Consult: 4 } as const;

/** A DN's part in a call, as the `State` key of a `Calls` entry says it. */
export const PartyState = { Ringing: 'ringing', Dialing: 'dialing', Established: 'established', Held: 'held' } as const;
export type PartyStateName = (typeof PartyState)[keyof typeof PartyState];

/**
 * Keys of one `Call` entry of the `Calls` attribute (docs/protocol.md, "The DN's calls").
 * Times are seconds since the Unix epoch; `EstablishedSince` is there once the DN's
 * party has been connected, so time in call survives a hold and a failover.
 */
export const CALL_KEYS = {
  ConnID: AttrType.String,
  State: AttrType.String,
  CallType: AttrType.Int,
  OtherDN: AttrType.String,
  ANI: AttrType.String,
  DNIS: AttrType.String,
  Since: AttrType.Int,
  EstablishedSince: AttrType.Int,
  UserData: AttrType.KvList,
} as const;
/** Key of each entry of the `Calls` list. */
export const CALL_ENTRY_KEY = 'Call';

export const ErrorCodes = {
  NotRegistered: 41,
  InSameState: 43,
  InvalidAttribute: 53,
  NoConnectionToSwitch: 54,
  InvalidConnId: 56,
  Timeout: 57,
  OutOfService: 58,
  OriginDnBusy: 83,
  DestinationBusy: 91,
  LinkDown: 109,
  BadPassword: 119,
  DnDoesNotExist: 123,
  DnAlreadyRegistered: 125,
  InvalidAgentId: 192,
  PasswordDoesNotMatch: 1705,
  AlreadyLoggedIn: 1706,
  InvalidCallState: 1712,
} as const;

/** Errors that a retry cannot fix: stop the reconnect loop and tell the agent. */
export const NOT_RETRYABLE_ERRORS: ReadonlySet<number> = new Set([
  ErrorCodes.BadPassword,
  ErrorCodes.DnDoesNotExist,
  ErrorCodes.InvalidAgentId,
  ErrorCodes.PasswordDoesNotMatch,
]);

/** Attributes a message must carry on the wire; a frame without them is a protocol error. */
export const MANDATORY: Partial<Record<MessageName, readonly AttributeName[]>> = {
  RequestRegisterClient: ['ApplicationName'],
  RequestRegisterAddress: ['ThisDN', 'ReferenceID'],
  RequestUnregisterAddress: ['ThisDN', 'ReferenceID'],
  RequestQueryAddress: ['ThisDN', 'ReferenceID'],
  RequestQueryServer: ['ReferenceID'],
  RequestAgentLogin: ['ThisDN', 'AgentID', 'ReferenceID'],
  RequestAgentLogout: ['ThisDN', 'ReferenceID'],
  RequestAgentReady: ['ThisDN', 'ReferenceID'],
  RequestAgentNotReady: ['ThisDN', 'ReferenceID'],
  RequestMakeCall: ['ThisDN', 'OtherDN', 'ReferenceID'],
  RequestAnswerCall: ['ThisDN', 'ConnID', 'ReferenceID'],
  RequestReleaseCall: ['ThisDN', 'ConnID', 'ReferenceID'],
  RequestHoldCall: ['ThisDN', 'ConnID', 'ReferenceID'],
  RequestRetrieveCall: ['ThisDN', 'ConnID', 'ReferenceID'],
  EventError: ['ErrorCode'],
  EventRegistered: ['ThisDN'],
  EventUnregistered: ['ThisDN'],
  EventAgentLogin: ['ThisDN', 'AgentID'],
  EventAgentLogout: ['ThisDN'],
  EventAgentReady: ['ThisDN'],
  EventAgentNotReady: ['ThisDN'],
  EventAddressInfo: ['ThisDN'],
  EventRinging: ['ThisDN', 'ConnID'],
  EventDialing: ['ThisDN', 'ConnID'],
  EventEstablished: ['ThisDN', 'ConnID'],
  EventReleased: ['ThisDN', 'ConnID'],
  EventHeld: ['ThisDN', 'ConnID'],
  EventRetrieved: ['ThisDN', 'ConnID'],
  EventLinkConnected: ['TimeinSecs'],
  EventLinkDisconnected: ['TimeinSecs'],
};

/**
 * The event that answers each request (its copy carries the request's ReferenceID);
 * any request may instead be answered by EventError. The open request has two
 * possible answers, the current link status.
 */
export const REPLIES = {
  RequestRegisterClient: ['EventLinkConnected', 'EventLinkDisconnected'],
  RequestQueryServer: ['EventServerInfo'],
  RequestQueryAddress: ['EventAddressInfo'],
  RequestRegisterAddress: ['EventRegistered'],
  RequestUnregisterAddress: ['EventUnregistered'],
  RequestAgentLogin: ['EventAgentLogin'],
  RequestAgentLogout: ['EventAgentLogout'],
  RequestAgentReady: ['EventAgentReady'],
  RequestAgentNotReady: ['EventAgentNotReady'],
  RequestMakeCall: ['EventDialing'],
  RequestAnswerCall: ['EventEstablished'],
  RequestReleaseCall: ['EventReleased'],
  RequestHoldCall: ['EventHeld'],
  RequestRetrieveCall: ['EventRetrieved'],
} as const satisfies Partial<Record<MessageName, readonly MessageName[]>>;
export type RequestName = keyof typeof REPLIES;

export const isRequestName = (name: string): name is RequestName => Object.hasOwn(REPLIES, name);

const messageById = new Map<number, MessageName>(
  Object.entries(MESSAGES).map(([name, id]) => [id, name as MessageName]),
);
const attributeByTag = new Map<number, AttributeName>(
  Object.entries(ATTRIBUTES).map(([name, def]) => [def.tag, name as AttributeName]),
);

export const messageNameOf = (id: number): MessageName | undefined => messageById.get(id);
export const attributeNameOf = (tag: number): AttributeName | undefined => attributeByTag.get(tag);

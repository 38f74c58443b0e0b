// docs/protocol.md cannot drift from the code: its worked hex examples are
// re-encoded here, and its number tables are compared with the catalogue.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTES, AgentStateCode, CALL_ENTRY_KEY, CALL_KEYS, CallType, ErrorCodes, FrameDecoder, MESSAGES, NOT_RETRYABLE_ERRORS, PartyState, REPLIES, WorkMode, encodeMessage,
  makeMessage,
} from '../../../app/main/tserver/protocol/index.ts';
import type { Attributes, MessageName } from '../../../app/main/tserver/protocol/index.ts';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

/** The text of the `### title` section (or `#### title` with level 4), up to the next heading of that level or above. */
function section(title: string, level = 3): string {
  const mark = `\n${'#'.repeat(level)} ${title}\n`;
  const start = doc.indexOf(mark);
  expect(start, `section "${title}" in docs/protocol.md`).toBeGreaterThan(-1);
  const rest = doc.slice(start + mark.length);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end === -1 ? rest : rest.slice(0, end);
}

/** Body rows (not header, not separator) of the markdown tables in a text whose first cell matches `first`. */
function rowsWhere(text: string, first: RegExp): string[][] {
  const lines = text.split('\n');
  return lines
    .filter((l, i) => l.startsWith('|') && !l.startsWith('|---') && !lines[i + 1]?.startsWith('|---'))
    .map((l) => l.slice(1, -1).split('|').map((c) => c.trim()))
    .filter((r) => first.test(r[0]!));
}

/** Body rows of the markdown tables in a text, as trimmed cells (header rows never start with a digit). */
function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.slice(1, -1).split('|').map((c) => c.trim()))
    .filter((r) => /^\d/.test(r[0]!));
}

/** Hex bytes of an annotated block: everything before `|` on each line. */
function hexBytes(block: string): Buffer {
  const tokens = block.split('\n').flatMap((line) => line.split('|')[0]!.trim().split(/\s+/).filter(Boolean));
  for (const t of tokens) expect(t, 'hex token').toMatch(/^[0-9a-f]{2}$/);
  return Buffer.from(tokens.join(''), 'hex');
}

const examples = [...doc.matchAll(/```json\n(.+)\n```\n\n```hex\n([\s\S]*?)\n```/g)].map(([, json, hex]) => ({
  message: JSON.parse(json!) as { name: MessageName; attributes: Attributes },
  bytes: hexBytes(hex!),
}));

describe('docs/protocol.md worked examples', () => {
  it('cover a request, a reply, an unsolicited link error, a key-value list and an ADDP ping', () => {
    const has = (pred: (e: (typeof examples)[number]) => boolean): boolean => examples.some(pred);
    expect(has((e) => e.message.name.startsWith('Request'))).toBe(true);
    expect(has((e) => e.message.name.startsWith('Event') && e.message.attributes.ReferenceID !== undefined)).toBe(true);
    expect(has((e) => e.message.name === 'EventLinkDisconnected' && e.message.attributes.ErrorCode !== undefined && e.message.attributes.ErrorMessage !== undefined)).toBe(true);
    expect(has((e) => JSON.stringify(e.message.attributes.Reasons ?? []).includes('ReasonCode'))).toBe(true);
    expect(has((e) => e.message.name === 'AddpPing')).toBe(true);
    // Calls (issue 12): a call request, a call event with UserData, the DN's calls nested in EventAddressInfo.
    expect(has((e) => e.message.name === 'RequestAnswerCall' && typeof e.message.attributes.ConnID === 'string')).toBe(true);
    expect(has((e) => e.message.name === 'EventRinging' && Array.isArray(e.message.attributes.UserData))).toBe(true);
    expect(has((e) => e.message.name === 'EventAddressInfo' && Array.isArray(e.message.attributes.Calls) && e.message.attributes.Calls[0]?.[0] === CALL_ENTRY_KEY)).toBe(true);
  });

  for (const [i, { message, bytes }] of examples.entries()) {
    it(`example ${i + 1} (${message.name}): the encoder writes exactly the documented bytes, and they decode back`, () => {
      const m = makeMessage(message.name, message.attributes);
      expect(encodeMessage(m).toString('hex')).toBe(bytes.toString('hex'));
      expect(new FrameDecoder().push(bytes)).toEqual({ messages: [m], error: null });
    });
  }
});

describe('docs/protocol.md number tables match the catalogue', () => {
  it('message ids', () => {
    const documented = Object.fromEntries(rows(section('Message ids')).map(([id, hex, name]) => [name, [Number(id), Number(hex)]]));
    expect(documented).toEqual(Object.fromEntries(Object.entries(MESSAGES).map(([name, id]) => [name, [id, id]])));
  });

  it('attribute tags and types', () => {
    const typeNames: Record<number, string> = { 1: 'int32', 2: 'string', 3: 'kv-list', 4: 'binary' };
    const documented = Object.fromEntries(rows(section('Attribute tags')).map(([tag, name, type]) => [name, `${tag} ${type}`]));
    expect(documented).toEqual(Object.fromEntries(Object.entries(ATTRIBUTES).map(([name, d]) => [name, `${d.tag} ${typeNames[d.type]}`])));
  });

  it('work modes, agent states, error codes and which errors are not retryable', () => {
    const codes = section('Codes');
    const tables = codes.split(/\n(?=Agent states|Work modes|Error codes|Call types|Party states)/);
    const table = (heading: string): string[][] => rows(tables.find((t) => t.startsWith(heading))!);
    expect(table('Work modes').map(([code, name]) => [Number(code), name])).toEqual(Object.entries(WorkMode).map(([n, c]) => [c, n]));
    expect(table('Agent states').map(([code]) => Number(code))).toEqual(Object.values(AgentStateCode));
    const errors = table('Error codes');
    expect(errors.map(([code]) => Number(code))).toEqual(Object.values(ErrorCodes).sort((a, b) => a - b));
    expect(errors.filter((r) => r[2]!.includes('no')).map(([code]) => Number(code))).toEqual([...NOT_RETRYABLE_ERRORS].sort((a, b) => a - b));
    expect(table('Call types').map(([code, name]) => [Number(code), name])).toEqual(Object.entries(CallType).map(([n, c]) => [c, n]));
    const partyStates = tables.find((t) => t.startsWith('Party states'))!;
    expect(rowsWhere(partyStates, /^[a-z]+$/).map(([state]) => state)).toEqual(Object.values(PartyState));
  });

  it('the keys of a Calls entry', () => {
    const typeNames: Record<number, string> = { 1: 'int32', 2: 'string', 3: 'kv-list', 4: 'binary' };
    const documented = rowsWhere(section("The DN's calls", 4), /^[A-Z]\w+$/).map(([key, type]) => [key, type]);
    expect(documented).toEqual(Object.entries(CALL_KEYS).map(([key, type]) => [key, typeNames[type]]));
  });

  it('requests and their replies', () => {
    const documented = Object.fromEntries(rowsWhere(section('Requests and replies'), /^Request/).map(([request, , reply]) => [request, /^Event\w+/.exec(reply!)?.[0]]));
    const { RequestRegisterClient, ...afterOpen } = REPLIES;
    expect(RequestRegisterClient).toEqual(['EventLinkConnected', 'EventLinkDisconnected']); // the Open dialog, above the table
    expect(documented).toEqual(Object.fromEntries(Object.entries(afterOpen).map(([request, [reply]]) => [request, reply])));
  });
});

// Loopback HTTP JSON control API of the simulator (docs/simulator.md "Control API").
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { SimInputError } from './types.ts';
import type { SimServerName, Simulator } from './types.ts';

export interface ControlApi {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

const LinkBody = v.strictObject({
  up: v.boolean(),
  errorCode: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-0x80000000), v.maxValue(0x7fffffff))),
  errorMessage: v.optional(v.pipe(v.string(), v.maxLength(1000))),
});
const SlowHandshakeBody = v.strictObject({ delayMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600_000)) });
const RefuseBody = v.strictObject({ on: v.boolean() });
const UnansweredBody = v.strictObject({ request: v.pipe(v.string(), v.regex(/^Request[A-Za-z]{1,60}$/)), count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000)) });
const AgentStateBody = v.strictObject({
  state: v.picklist(['ready', 'not-ready', 'acw', 'logged-out']),
  reasonCode: v.optional(v.pipe(v.string(), v.nonEmpty(), v.maxLength(64))),
});
const EmptyBody = v.optional(v.strictObject({}));
const Int32 = v.pipe(v.number(), v.integer(), v.minValue(-0x80000000), v.maxValue(0x7fffffff));
const CallBody = v.strictObject({
  to: v.pipe(v.string(), v.nonEmpty(), v.maxLength(64)),
  from: v.pipe(v.string(), v.nonEmpty(), v.maxLength(64)),
  // The switch bounds UserData by its encoded size too (MAX_USER_DATA_BYTES).
  userData: v.optional(v.record(v.pipe(v.string(), v.maxLength(256)), v.union([v.pipe(v.string(), v.maxLength(4096)), Int32]))),
});
const PartyBody = v.optional(v.strictObject({ dn: v.optional(v.pipe(v.string(), v.nonEmpty(), v.maxLength(64))) }));
const OnBody = v.strictObject({ on: v.boolean() });
const CALL_ACTIONS = ['answer', 'release', 'hold', 'retrieve'] as const;

/** What a route answers: the full state (undefined) or its own body. */
type Handler = (body: unknown) => Promise<unknown> | unknown;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parse<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, body);
  if (r.success) return r.output;
  const issue = r.issues[0];
  const path = issue ? v.getDotPath(issue) : null;
  throw new HttpError(400, `invalid body${path ? ` at ${path}` : ''}: ${issue?.message ?? 'unknown'}`);
}

/** Resolves the handler for a route, or throws 404/405. */
function route(sim: Simulator, method: string, path: string): Handler {
  const parts = path.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  const post = (h: Handler): Handler => {
    if (method !== 'POST') throw new HttpError(405, `${method} ${path}: use POST`);
    return h;
  };
  if (parts.length === 1 && parts[0] === 'state') {
    if (method !== 'GET') throw new HttpError(405, `${method} ${path}: use GET`);
    return () => undefined;
  }
  if (parts.length === 1 && parts[0] === 'switchover') return post((b) => (parse(EmptyBody, b), sim.switchover()));
  // The one route with its own answer: the new call's ConnID.
  if (parts.length === 1 && parts[0] === 'calls') return post((b) => ({ connId: sim.placeCall(parse(CallBody, b)) }));
  if (parts.length === 3 && parts[0] === 'calls' && (CALL_ACTIONS as readonly string[]).includes(parts[2]!)) {
    const connId = parts[1]!;
    const action = parts[2] as (typeof CALL_ACTIONS)[number];
    return post((b) => {
      const party = parse(PartyBody, b) ?? {};
      if (action === 'answer') sim.answerCall(connId, party);
      else if (action === 'release') sim.releaseCall(connId, party);
      else if (action === 'hold') sim.holdCall(connId, party);
      else sim.retrieveCall(connId, party);
    });
  }
  if (parts.length === 3 && parts[0] === 'dns' && parts[2] === 'after-call-work') {
    const dn = parts[1]!;
    return post((b) => sim.setAfterCallWork(dn, parse(OnBody, b).on));
  }
  if (parts.length === 3 && parts[0] === 'agents' && parts[2] === 'state') {
    const id = parts[1]!;
    return post((b) => sim.setAgentState(id, parse(AgentStateBody, b)));
  }
  if (parts.length === 3 && parts[0] === 'servers' && (parts[1] === 'a' || parts[1] === 'b')) {
    const s: SimServerName = parts[1];
    switch (parts[2]) {
      case 'link':
        return post((b) => sim.setLink(s, parse(LinkBody, b)));
      case 'crash':
        return post((b) => (parse(EmptyBody, b), sim.crash(s)));
      case 'hang':
        return post((b) => (parse(EmptyBody, b), sim.hang(s)));
      case 'resume':
        return post((b) => (parse(EmptyBody, b), sim.resume(s)));
      case 'restart':
        return post((b) => (parse(EmptyBody, b), sim.restart(s)));
      case 'garbage':
        return post((b) => (parse(EmptyBody, b), sim.garbage(s)));
      case 'slow-handshake':
        return post((b) => sim.slowHandshake(s, parse(SlowHandshakeBody, b).delayMs));
      case 'refuse':
        return post((b) => sim.refuse(s, parse(RefuseBody, b).on));
      case 'unanswered':
        return post((b) => {
          const { request, count } = parse(UnansweredBody, b);
          sim.leaveUnanswered(s, request, count);
        });
      default:
        break;
    }
  }
  throw new HttpError(404, `no route ${method} ${path}`);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

/** Binary UserData values (from a client's RequestMakeCall) as `{"hex": "…"}`. */
const jsonSafe = (_key: string, value: unknown): unknown => (value instanceof Uint8Array ? { hex: Buffer.from(value).toString('hex') } : value);

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, jsonSafe);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

async function handle(sim: Simulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const path = new URL(req.url ?? '/', 'http://control').pathname;
    const handler = route(sim, req.method ?? 'GET', path);
    const body = await readJson(req);
    const answer = await handler(body);
    reply(res, 200, answer === undefined ? sim.state() : answer);
  } catch (err) {
    if (err instanceof HttpError || err instanceof SimInputError) reply(res, err.status, { error: err.message });
    else reply(res, 500, { error: err instanceof Error ? err.message : String(err) });
  }
}

export async function startControlApi(sim: Simulator, at: { host: string; port: number }): Promise<ControlApi> {
  const server = createServer((req, res) => {
    void handle(sim, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: at.host, port: at.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : at.port;
  const host = at.host.includes(':') ? `[${at.host}]` : at.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Codec benchmark (issue 2): frames/s for protocol v1 encode and decode beside
// JSON.stringify / JSON.parse of the same message objects, in the same run.
// Prints one JSON line per case on stdout; progress goes to stderr.
//   npm run bench:codec [-- --rounds 7 --round-ms 500 --warmup-ms 1000]
import { parseArgs } from 'node:util';
import { FrameDecoder, encodeMessage, makeMessage } from '../app/main/tserver/protocol/index.ts';
import type { KvList, TMessage } from '../app/main/tserver/protocol/index.ts';
import { measureAll } from './lib/measure.ts';
import type { MeasureOptions } from './lib/measure.ts';

/** EventLinkConnected as the simulator sends it in reply to RegisterClient. */
function linkConnected(): TMessage {
  return makeMessage('EventLinkConnected', {
    ReferenceID: 1,
    ServerRole: 1,
    SessionID: 1_700_000_123,
    ServerName: 'a',
    ApplicationName: 'AgentToolbar',
    TimeinSecs: 1_760_000_000,
    TimeinuSecs: 123_456,
    EventSequenceNumber: 42,
  });
}

/** An event carrying a 50-key Extensions list (mixed string and int values). */
function withExtensions(): TMessage {
  const extensions: KvList = [];
  for (let i = 0; i < 50; i++) extensions.push([`ext-key-${i}`, i % 2 === 0 ? `value number ${i}` : i * 1000]);
  return makeMessage('EventLinkConnected', {
    ReferenceID: 7,
    ServerRole: 1,
    TimeinSecs: 1_760_000_000,
    EventSequenceNumber: 43,
    Extensions: extensions,
  });
}

const CASES: Array<{ name: string; message: TMessage }> = [
  { name: 'EventLinkConnected', message: linkConnected() },
  { name: 'Extensions50', message: withExtensions() },
];

function options(): MeasureOptions {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '7' },
      'round-ms': { type: 'string', default: '500' },
      'warmup-ms': { type: 'string', default: '1000' },
    },
  });
  const result = { rounds: Number(values.rounds), roundMs: Number(values['round-ms']), warmupMs: Number(values['warmup-ms']) };
  for (const [key, value] of Object.entries(result)) {
    if (!Number.isInteger(value) || value <= 0) {
      process.stderr.write(`usage: bench/codec.ts [--rounds N] [--round-ms MS] [--warmup-ms MS] (bad ${key})\n`);
      process.exit(2);
    }
  }
  return result;
}

function main(): void {
  const opts = options();
  for (const { name, message } of CASES) {
    const frame = encodeMessage(message);
    const json = JSON.stringify(message);
    const decoder = new FrameDecoder();
    // Sanity: the decoder must return the message, or the numbers mean nothing.
    if (decoder.push(frame).messages.length !== 1) throw new Error(`${name}: decoder did not return one message`);

    process.stderr.write(`${name}: measuring...\n`);
    const { encode, decode, stringify, parse } = measureAll(
      {
        encode: () => encodeMessage(message),
        decode: () => decoder.push(frame).messages[0],
        stringify: () => JSON.stringify(message),
        parse: () => JSON.parse(json) as unknown,
      },
      opts,
    );
    const line = {
      bench: 'codec',
      case: name,
      frameBytes: frame.byteLength,
      jsonBytes: Buffer.byteLength(json),
      encodePerSec: Math.round(encode.median),
      decodePerSec: Math.round(decode.median),
      jsonStringifyPerSec: Math.round(stringify.median),
      jsonParsePerSec: Math.round(parse.median),
      decodeVsJsonParse: Number((decode.median / parse.median).toFixed(2)),
      encodeVsJsonStringify: Number((encode.median / stringify.median).toFixed(2)),
      rounds: opts.rounds,
      roundMs: opts.roundMs,
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

main();

// Long codec fuzz runs (issue 9; oracles in test/unit/protocol/codec-fuzz.ts).
//   npm run fuzz -- --cases 1000000 --seed 42 [--path P]
// Prints one JSON line (the report) on stdout, progress on stderr; exits 1 when a
// case fails (the report's `failure` has the shrunk stream, cuts, limits and the
// replay path: re-run with the same --seed and --path to reproduce it).
import { parseArgs } from 'node:util';
import { fuzzCodec } from '../test/unit/protocol/codec-fuzz.ts';

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run fuzz -- --cases N --seed S [--path P]\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, seed: { type: 'string' }, path: { type: 'string' } },
});
const cases = Number(values.cases);
const seed = values.seed === undefined ? Date.now() % 0x7fffffff : Number(values.seed);
if (!Number.isInteger(cases) || cases <= 0) usage(`bad --cases ${values.cases}`);
if (!Number.isInteger(seed)) usage(`bad --seed ${values.seed}`);

process.stderr.write(`fuzz codec: ${cases} cases, seed ${seed}\n`);
const report = fuzzCodec({
  cases,
  seed,
  ...(values.path ? { path: values.path } : {}),
  progressEvery: Math.max(1, Math.min(100_000, Math.round(cases / 10))),
  onProgress: (done) => process.stderr.write(`  ${done} cases\n`),
});
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(report.ok ? 0 : 1);

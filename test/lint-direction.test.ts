/**
 * The direction rule in eslint.config.js (`npm run lint`) can fail: a core
 * file that reaches for an edge, the file system, the process or the
 * terminal is an error, while the same code in an edge file is not. Runs
 * ESLint's Node API on small sources placed (virtually) at core paths.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function restricted(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('the core imports no edge (eslint.config.js coreDirection)', () => {
  it('a plain core file passes', async () => {
    const code =
      "import { pointerOf } from '../json-pointer.js';\nexport const p = pointerOf(['a']);\n";
    expect(await restricted(code, 'src/plan/probe.ts')).toEqual([]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", /no I\/O/],
    ["import { connect } from '../clarifai/connect.js';\nexport const c = connect;\n", /no edge/],
    [
      "import { startEmulator } from '../emulator/server.js';\nexport const s = startEmulator;\n",
      /no edge/,
    ],
    ["import { runMain } from '../cli/run-main.js';\nexport const m = runMain;\n", /no edge/],
    ['export const cwd = process.cwd();\n', /knows no process/],
    ["export function say(): void {\n  console.log('hi');\n}\n", /no terminal/],
  ])('fails on %j', async (code, message) => {
    for (const file of ['src/plan/probe.ts', 'src/spec/rules/probe.ts', 'src/graph/probe.ts']) {
      const messages = await restricted(code, file);
      expect(messages.length, file).toBe(1);
      expect(messages[0]).toMatch(message);
    }
  });

  it('the reading edge and the edges may read files', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n";
    expect(await restricted(code, 'src/spec/read-text.ts')).toEqual([]);
    expect(await restricted(code, 'src/apply/probe.ts')).toEqual([]);
  });
});

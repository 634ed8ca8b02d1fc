/**
 * SIGINT, SIGTERM and SIGHUP on real child processes of the built CLI against
 * the emulator: after the first signal no new request leaves (a call waiting
 * in a retry back-off is cancelled and reported "not attempted"), calls on the
 * wire finish, the report is printed, the lease is released, and the exit code
 * is 128+signal — also when the signal arrives during the final re-read.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind, Faults } from '../src/emulator/faults.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import {
  makeProject,
  outOfBandClient,
  REPO_ROOT,
  runCli,
  specYaml,
  startCli,
  vtrNodes,
  writeSpecs,
  type RunningCli,
} from './helpers/cli.js';

let emulator: RunningEmulator;
type Injector = Faults & { onCall(method: string): FaultKind | undefined };
let original: Injector['onCall'];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  original = (emulator.faults as Injector).onCall.bind(emulator.faults);
});
afterAll(async () => {
  await emulator?.close();
});

const THROTTLED: FaultKind = { status: 11005, description: 'Making too many requests (injected)' };

/** Faults decided per call: `rule(method, nth call of that method)`. Returns the undo. */
function faultWhen(rule: (method: string, nth: number) => FaultKind | undefined): () => void {
  const injector = emulator.faults as Injector;
  const seen: Record<string, number> = {};
  injector.onCall = (method) => {
    const queued = original(method);
    seen[method] = (seen[method] ?? 0) + 1;
    return queued ?? rule(method, seen[method]);
  };
  return () => {
    injector.onCall = original;
  };
}

async function until(run: RunningCli, text: string | RegExp): Promise<void> {
  const deadline = Date.now() + 30_000;
  const found = () =>
    typeof text === 'string' ? run.stderr().includes(text) : text.test(run.stderr());
  while (!found() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(found(), run.stderr()).toBe(true);
}

async function project(appId: string, count: number): Promise<string> {
  const specs = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`w${i}.yaml`, specYaml(`w${i}`)]),
  );
  return makeProject({ endpoint: emulator.address, appId, project: 'sig', specs });
}

describe('signals during apply', { timeout: 60_000 }, () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} during a throttled back-off: nothing more is sent, the rest is not attempted, exit ${code}`, async () => {
      const appId = `backoff-${signal}`;
      const dir = await project(appId, 60);
      // Every write after the lease is throttled: each batch waits in a back-off of 1–2 s.
      const undo = faultWhen((method, nth) =>
        method === 'PostWorkflows' && nth > 1 ? THROTTLED : undefined,
      );
      try {
        const run = startCli(
          ['apply', '-e', 'test', '--auto-approve', '--verbose', '--format', 'json'],
          { cwd: dir },
        );
        await until(run, /PostWorkflows retry in \d+ ms \(throttled\)/);
        const postsAtSignal = emulator.faults.calls.PostWorkflows ?? 0;
        run.child.kill(signal);
        const result = await run.result;
        expect(result.code, result.stderr).toBe(code);
        // No new request left after the signal (the lease's release is a Get and a Delete).
        expect(emulator.faults.calls.PostWorkflows ?? 0).toBe(postsAtSignal);
        const report = JSON.parse(result.stdout);
        expect(report.summary).toMatchObject({ planned: 60, applied: 0, not_attempted: 60 });
        expect(result.stderr).toContain(`Interrupted (${signal})`);
        const api = await outOfBandClient(emulator.address, appId);
        expect(await api.listWorkflows()).toEqual([]);
        await api.close();
      } finally {
        undo();
      }
    });
  }

  it('SIGINT during the final re-read: the report, the lease released, exit 130', async () => {
    const appId = 'reread';
    const dir = await project(appId, 20);
    // ListWorkflows: 1 plan, 2 under the lease, 3 the re-read confirming the result.
    const undo = faultWhen((method, nth) =>
      method === 'ListWorkflows' && nth >= 3 ? THROTTLED : undefined,
    );
    try {
      const run = startCli(
        ['apply', '-e', 'test', '--auto-approve', '--verbose', '--format', 'json'],
        { cwd: dir },
      );
      await until(run, /ListWorkflows retry in \d+ ms/);
      run.child.kill('SIGINT');
      const result = await run.result;
      expect(result.code, result.stderr).toBe(130);
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({ summary: { applied: 20 } });
      expect(result.stderr).toMatch(/warning: could not re-read .*interrupted by SIGINT/);
      undo();
      const api = await outOfBandClient(emulator.address, appId);
      expect((await api.listWorkflows()).map((w) => w.id)).toHaveLength(20);
      expect(await api.getWorkflow('vtr-wf-lock-sig')).toBeNull();
      await api.close();
    } finally {
      undo();
    }
  });

  it('SIGTERM while plan waits in a back-off: no further call, exit 143', async () => {
    const dir = await project('plan-term', 3);
    const undo = faultWhen((method) => (method === 'ListWorkflows' ? THROTTLED : undefined));
    try {
      const run = startCli(['plan', '-e', 'test', '--verbose'], { cwd: dir });
      await until(run, /ListWorkflows retry in \d+ ms/);
      const listsAtSignal = emulator.faults.calls.ListWorkflows ?? 0;
      run.child.kill('SIGTERM');
      const result = await run.result;
      expect(result.code, result.stderr).toBe(143);
      expect(result.stderr).toMatch(/interrupted by SIGTERM: ListWorkflows was not retried/);
      expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
      expect(emulator.faults.calls.ListWorkflows ?? 0).toBe(listsAtSignal);
    } finally {
      undo();
    }
  });
});

describe('signals during the version commands', { timeout: 60_000 }, () => {
  /** A workflow with two versions (two applies with different descriptions). */
  async function twoVersions(appId: string): Promise<string> {
    const dir = await makeProject({
      endpoint: emulator.address,
      appId,
      project: 'sig',
      specs: { 'a.yaml': specYaml('wf', vtrNodes(), 'first') },
    });
    for (const description of [undefined, 'second']) {
      if (description) await writeSpecs(dir, { 'a.yaml': specYaml('wf', vtrNodes(), description) });
      const applied = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
      expect(applied.code, applied.stderr).toBe(0);
    }
    return dir;
  }

  it('SIGTERM while history waits in a back-off: no further call, exit 143', async () => {
    const dir = await twoVersions('history-term');
    const undo = faultWhen((method) => (method === 'ListWorkflowVersions' ? THROTTLED : undefined));
    try {
      const run = startCli(['history', '-e', 'test', 'wf', '--verbose'], { cwd: dir });
      await until(run, /ListWorkflowVersions retry in \d+ ms/);
      const callsAtSignal = emulator.faults.calls.ListWorkflowVersions ?? 0;
      run.child.kill('SIGTERM');
      const result = await run.result;
      expect(result.code, result.stderr).toBe(143);
      expect(result.stderr).toContain('Interrupted (SIGTERM)');
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(emulator.faults.calls.ListWorkflowVersions ?? 0).toBe(callsAtSignal);
    } finally {
      undo();
    }
  });

  it('SIGINT while versions prune waits to delete: nothing more is sent, the lease released, exit 130', async () => {
    const appId = 'prune-int';
    const dir = await twoVersions(appId);
    const undo = faultWhen((method) =>
      method === 'DeleteWorkflowVersions' ? THROTTLED : undefined,
    );
    try {
      const run = startCli(
        ['versions', 'prune', '-e', 'test', '--keep', '1', '--auto-approve', '--verbose'],
        { cwd: dir },
      );
      await until(run, /DeleteWorkflowVersions retry in \d+ ms/);
      const deletesAtSignal = emulator.faults.calls.DeleteWorkflowVersions ?? 0;
      run.child.kill('SIGINT');
      const result = await run.result;
      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toContain('Interrupted (SIGINT)');
      expect(result.stderr).not.toMatch(/internal error|could not delete versions|\n\s+at /);
      expect(emulator.faults.calls.DeleteWorkflowVersions ?? 0).toBe(deletesAtSignal);
      undo();
      const api = await outOfBandClient(emulator.address, appId);
      expect(await api.getWorkflow('vtr-wf-lock-sig')).toBeNull();
      await api.close();
    } finally {
      undo();
    }
  });
});

describe('signals during run', { timeout: 60_000 }, () => {
  it('SIGTERM while run waits in a back-off: no further PostWorkflowResults, exit 143', async () => {
    const dir = await project('run-term', 1);
    const applied = await runCli(['apply', '-e', 'test', '--auto-approve'], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
    const undo = faultWhen((method) => (method === 'PostWorkflowResults' ? THROTTLED : undefined));
    try {
      const image = join(REPO_ROOT, 'workflows/images/sold-sign.png');
      const run = startCli(['run', '-e', 'test', 'w0', image, '--verbose'], { cwd: dir });
      await until(run, /PostWorkflowResults retry in \d+ ms/);
      const callsAtSignal = emulator.faults.calls.PostWorkflowResults ?? 0;
      run.child.kill('SIGTERM');
      const result = await run.result;
      expect(result.code, result.stderr).toBe(143);
      expect(result.stderr).toContain('Interrupted (SIGTERM)');
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(emulator.faults.calls.PostWorkflowResults ?? 0).toBe(callsAtSignal);
    } finally {
      undo();
    }
  });
});

describe('a closed pipe', { timeout: 60_000 }, () => {
  it('`plan --format json | head -1` exits quietly, without an EPIPE stack', async () => {
    const dir = await project('epipe', 40);
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('./helpers/cli.js');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'plan', '-e', 'test', '--format', 'json'], {
        cwd: dir,
        env: {
          ...process.env,
          NO_COLOR: '1',
          VTR_WF_RATE_LIMIT: '0',
          VTR_WF_TEST_PAT: 'test-pat-0123456789',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      // Like `head -1`: read one chunk, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).not.toMatch(/EPIPE|internal error|\n\s+at /);
    expect(result.code).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { registerSecret } from '../secrets.js';
import { AuthError, ClarifaiError, TransportError } from './errors.js';

const KEY = 'errors-test-key-0123456789abcdef';
registerSecret(KEY);

describe('typed errors', () => {
  it('ClarifaiError carries rpc, code, name, description, details, req_id, ids', () => {
    const e = new ClarifaiError({
      rpc: 'PostWorkflows',
      code: 22107,
      description: 'Invalid graph',
      details: 'cycle a → b → a',
      req_id: 'r1',
      workflowIds: ['ocr'],
    });
    expect(e.message).toBe(
      'PostWorkflows (workflow ocr) failed: WORKFLOW_INVALID_GRAPH 22107: Invalid graph: cycle a → b → a',
    );
    expect(e).toMatchObject({
      codeName: 'WORKFLOW_INVALID_GRAPH',
      req_id: 'r1',
      transient: false,
      userFacing: true,
    });
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      name: 'ClarifaiError',
      code: 22107,
      workflowIds: ['ocr'],
    });
  });

  it('names unknown codes by number', () => {
    expect(new ClarifaiError({ rpc: 'X', code: 12345 }).codeName).toBe('STATUS_12345');
  });

  it('redacts a key echoed back in any field', () => {
    const errors = [
      new ClarifaiError({
        rpc: 'GetWorkflow',
        code: 10020,
        description: `bad key ${KEY}`,
        details: KEY,
        req_id: KEY,
      }),
      new TransportError({ rpc: 'GetWorkflow', grpcCode: 14, details: `Key ${KEY}` }),
      new AuthError({
        variable: 'CLARIFAI_PAT',
        reason: 'rejected',
        code: 11008,
        description: `key ${KEY} invalid`,
      }),
    ];
    for (const e of errors) {
      expect(e.message).not.toContain(KEY);
      expect(JSON.stringify(e)).not.toContain(KEY);
      expect(String(e.stack)).not.toContain(KEY);
      expect(JSON.stringify(e)).toContain('[REDACTED]');
    }
  });

  it('AuthError names the variable', () => {
    const missing = new AuthError({
      variable: 'MY_PAT',
      environment: 'staging',
      reason: 'missing',
    });
    expect(missing.message).toMatch(/MY_PAT/);
    expect(missing.message).toMatch(/staging/);
    const rejected = new AuthError({ variable: 'CLARIFAI_PAT', reason: 'rejected', code: 11008 });
    expect(rejected.message).toMatch(
      /^the key in CLARIFAI_PAT was rejected \(CONN_KEY_INVALID 11008\)/,
    );
  });

  it('TransportError reads like the apply report expects: code is the gRPC name', () => {
    const e = new TransportError({
      rpc: 'ListWorkflows',
      grpcCode: 4,
      details: 'Deadline exceeded',
      attempts: 3,
      transient: true,
    });
    expect(e).toMatchObject({ code: 'DEADLINE_EXCEEDED', grpcCode: 4, transient: true });
    expect(e.message).toBe(
      'ListWorkflows failed after 3 attempts: DEADLINE_EXCEEDED: Deadline exceeded',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseEndpoint } from '../spec/endpoint.js';
import { chooseTransport } from './tls.js';

describe('chooseTransport', () => {
  const remote = parseEndpoint('api.clarifai.com:443')!;
  const local = parseEndpoint('127.0.0.1:50051')!;
  const local6 = parseEndpoint('[::1]:50051')!;

  it('auto: plaintext on loopback, TLS elsewhere', () => {
    expect(chooseTransport(local, 'auto')).toEqual({ secure: false });
    expect(chooseTransport(local6, 'auto')).toEqual({ secure: false });
    expect(chooseTransport(remote, 'auto')).toEqual({ secure: true });
  });

  it('true forces TLS, also on loopback', () => {
    expect(chooseTransport(local, true)).toEqual({ secure: true });
    expect(chooseTransport(remote, true)).toEqual({ secure: true });
  });

  it('false: plaintext; a warning only when the host is not loopback', () => {
    expect(chooseTransport(local, false)).toEqual({ secure: false });
    const choice = chooseTransport(remote, false, 'staging');
    expect(choice.secure).toBe(false);
    expect(choice.warning).toMatch(/staging/);
    expect(choice.warning).toMatch(/api\.clarifai\.com:443/);
    expect(choice.warning).toMatch(/without TLS/);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseTransport, isLoopbackHost, parseEndpoint } from './tls.js';

describe('parseEndpoint', () => {
  it('reads host:port, [v6]:port and a bare host', () => {
    expect(parseEndpoint('api.clarifai.com:443')).toEqual({
      host: 'api.clarifai.com',
      port: 443,
      target: 'api.clarifai.com:443',
    });
    expect(parseEndpoint('[::1]:50051')).toEqual({
      host: '::1',
      port: 50051,
      target: '[::1]:50051',
    });
    expect(parseEndpoint('api.clarifai.com')?.port).toBe(443);
    expect(parseEndpoint('::1')).toEqual({ host: '::1', port: 443, target: '[::1]:443' });
  });

  it('rejects what gRPC could not dial', () => {
    for (const bad of [
      '',
      ':443',
      'host:',
      'host:x',
      'host:70000',
      'https://api.clarifai.com',
      'a b:1',
      'u@h:1',
    ]) {
      expect(parseEndpoint(bad), bad).toBeNull();
    }
  });
});

describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    'api.localhost',
    '127.0.0.1',
    '127.255.255.254',
    '127.1.2.3',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '0000::0001',
    '::ffff:127.0.0.1',
  ])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));

  it.each([
    'api.clarifai.com',
    '128.0.0.1',
    '10.0.0.1',
    '127.0.0.256',
    '::',
    '::2',
    '1::1',
    '::ffff:10.0.0.1',
    'localhost.example.com',
    '127.0.0.1.nip.io',
    '0.0.0.0',
  ])('%s is not loopback', (host) => expect(isLoopbackHost(host)).toBe(false));
});

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

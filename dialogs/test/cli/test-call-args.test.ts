/**
 * The test-call tool's argument checks: defaults, every option read, and every problem listed
 * at once with the option it concerns.
 */
import { describe, expect, it } from 'vitest';
import { parseTestCallArgs, TEST_CALL_HELP } from '../../src/cli/test-call-args.js';

describe('test-call arguments', () => {
  it('reads a minimal call with defaults', () => {
    expect(parseTestCallArgs(['--trunk', '10.0.0.5', '13800138000'])).toEqual({
      kind: 'ok',
      args: {
        host: '10.0.0.5', port: 5060, transport: 'udp', register: false, user: null, password: null, from: '', wav: null, record: null,
        ringTimeoutMs: 30_000, holdMs: null, local: null, sipPort: 0, rtpPorts: null, number: '13800138000',
      },
    });
  });

  it('reads every option', () => {
    const parsed = parseTestCallArgs([
      '--trunk', '[fd00::5]:5080', '--transport', 'tcp', '--register', '--user', 'u1', '--password', 'p1', '--from', '01088886666',
      '--wav', 'a.mp3', '--record', 'o.wav', '--ring-timeout', '12.5', '--hold', '3', '--local', '10.0.0.9', '--sip-port', '5070', '--rtp-ports', '30000-30998', '8001',
    ]);
    expect(parsed).toEqual({
      kind: 'ok',
      args: {
        host: 'fd00::5', port: 5080, transport: 'tcp', register: true, user: 'u1', password: 'p1', from: '01088886666', wav: 'a.mp3', record: 'o.wav',
        ringTimeoutMs: 12_500, holdMs: 3000, local: '10.0.0.9', sipPort: 5070, rtpPorts: { min: 30000, max: 30998 }, number: '8001',
      },
    });
  });

  it('lists every problem with its option', () => {
    const parsed = parseTestCallArgs(['--trunk', 'gw:0', '--transport', 'tls', '--register', '--ring-timeout', '0', '--hold', 'x', '--rtp-ports', '9-10', '138', '139']);
    expect(parsed.kind).toBe('error');
    const problems = parsed.kind === 'error' ? parsed.problems.join('\n') : '';
    for (const option of ['--trunk gw:0', '--transport tls', '--register needs', '--ring-timeout 0', '--hold x', '--rtp-ports 9-10', 'one NUMBER only']) expect(problems).toContain(option);
    expect(parseTestCallArgs([])).toMatchObject({ kind: 'error', problems: [expect.stringContaining('--trunk is required'), expect.stringContaining('NUMBER')] });
    expect(parseTestCallArgs(['--trunk', 'gw', '--bogus', '1'])).toMatchObject({ kind: 'error', problems: [expect.stringContaining('--bogus')] });
    expect(parseTestCallArgs(['--trunk', 'gw', '--user', 'u', '1'])).toMatchObject({ kind: 'error', problems: [expect.stringContaining('--password go together')] });
  });

  it('has help in Chinese and English, before any other check', () => {
    expect(parseTestCallArgs(['--help', '--bogus-is-ignored-after-help'])).toMatchObject({ kind: 'error' }); // unknown options still fail in strict mode
    expect(parseTestCallArgs(['-h'])).toEqual({ kind: 'help' });
    expect(TEST_CALL_HELP).toMatch(/用法 usage/);
    expect(TEST_CALL_HELP).toMatch(/--ring-timeout S/);
  });
});

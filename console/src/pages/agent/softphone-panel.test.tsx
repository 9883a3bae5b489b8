import { afterEach, describe, expect, it } from 'vitest';
import { createSignal } from 'solid-js';
import { cleanup, fireEvent, render } from '@solidjs/testing-library';
import type { RegistrationStatus, Softphone, SoftphoneCall } from '../../lib/softphone.js';
import { SoftphonePanel, elapsed } from './softphone-panel.js';

afterEach(() => cleanup());

/** A softphone whose state the test sets and whose commands it records. */
function fakePhone() {
  const [registration, setRegistration] = createSignal<RegistrationStatus>('registered');
  const [call, setCall] = createSignal<SoftphoneCall | null>(null);
  const did: string[] = [];
  const phone: Softphone = {
    registration, registrationError: () => null, call, remoteStream: () => null,
    start: () => did.push('start'), stop: () => did.push('stop'), answer: () => did.push('answer'), hangup: () => did.push('hangup'),
    setMuted: (m) => did.push(`mute ${m}`), setHeld: (h) => did.push(`hold ${h}`), dtmf: (d) => did.push(`dtmf ${d}`), dial: (n) => did.push(`dial ${n}`),
  };
  return { phone, did, setRegistration, setCall };
}

const ringing: SoftphoneCall = {
  direction: 'incoming', remote: '13800138000', displayName: null, status: 'ringing', muted: false, held: false,
  startedAtMs: 1_795_300_000_000, answeredAtMs: null, endedAtMs: null, endCause: null, callId: 'c1',
};

describe('softphone panel', () => {
  it('offers answer and decline while ringing, then hang up, mute, hold and the keypad while talking', () => {
    const f = fakePhone();
    const { getByRole, getByLabelText, queryByRole, container } = render(() => <SoftphonePanel phone={f.phone} />);
    expect(container.querySelector('.softphone-registration')!.textContent).toBe('已注册');
    f.setCall(ringing);
    expect(getByLabelText('对方号码').textContent).toBe('13800138000');
    fireEvent.click(getByRole('button', { name: '接听' }));
    fireEvent.click(getByRole('button', { name: '拒接' }));
    expect(queryByRole('group', { name: '拨号键盘' })).toBeNull();
    f.setCall({ ...ringing, status: 'talking', answeredAtMs: Date.now() });
    fireEvent.click(getByRole('button', { name: '静音' }));
    fireEvent.click(getByRole('button', { name: '保持' }));
    fireEvent.click(getByRole('button', { name: '5' }));
    fireEvent.click(getByRole('button', { name: '#' }));
    f.setCall({ ...ringing, status: 'talking', answeredAtMs: Date.now(), muted: true, held: true });
    expect(container.textContent).toContain('保持中');
    fireEvent.click(getByRole('button', { name: '取消静音' }));
    fireEvent.click(getByRole('button', { name: '恢复通话' }));
    fireEvent.click(getByRole('button', { name: '挂断' }));
    expect(f.did).toEqual(['answer', 'hangup', 'mute true', 'hold true', 'dtmf 5', 'dtmf #', 'mute false', 'hold false', 'hangup']);
  });

  it('dials a number (digits only) when registered and no call is up', () => {
    const f = fakePhone();
    const { getByRole, getByLabelText } = render(() => <SoftphonePanel phone={f.phone} />);
    const box = getByLabelText('号码') as HTMLInputElement;
    fireEvent.input(box, { target: { value: '138-0013 8000' } });
    expect(box.value).toBe('13800138000');
    fireEvent.click(getByRole('button', { name: '呼叫' }));
    expect(f.did).toEqual(['dial 13800138000']);
    f.setRegistration('failed');
    expect((getByRole('button', { name: '呼叫' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows elapsed talk time as m:ss', () => {
    expect(elapsed(0, 65_400)).toBe('1:05');
    expect(elapsed(10_000, 0)).toBe('0:00');
  });
});

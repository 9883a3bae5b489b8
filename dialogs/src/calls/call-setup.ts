/**
 * From "call this lead's number through that trunk" to the first INVITE: the dial plan applied
 * (限制被叫前缀, 去除前缀个数, 前呼号码, 外显前缀), and the request built with our offer.
 */
import { callerIdAllowed, dialString } from '../trunk/dial-plan.js';
import type { TrunkConfig } from '../trunk/config.js';
import { formatSipHost } from '../sip/uri.js';
import { newSipRequest, type SipRequest } from '../sip/message.js';
import type { SipUserAgent } from '../sip/user-agent.js';
import type { SipPeer } from '../sip/transport.js';

export type CallSetupErrorCode = 'CALLEE_PREFIX_NOT_ALLOWED' | 'NUMBER_EMPTY_AFTER_STRIP' | 'CALLER_ID_NOT_ALLOWED' | 'TRANSPORT_NOT_ENABLED' | 'AGENT_CLOSED';

/** A call that cannot be placed at all (nothing was sent); `retryable` only for AGENT_CLOSED. */
export class CallSetupError extends Error {
  override readonly name = 'CallSetupError';
  readonly retryable: boolean;

  constructor(readonly code: CallSetupErrorCode, message: string) {
    super(message);
    this.retryable = code === 'AGENT_CLOSED';
  }
}

/** Where the trunk is, as a transport destination. */
export function trunkPeer(trunk: Pick<TrunkConfig, 'host' | 'port' | 'transport'>): SipPeer {
  return { transport: trunk.transport, address: trunk.host.replace(/^\[|\]$/g, ''), port: trunk.port };
}

/** The Request-URI user for `number`, or the refusal. */
export function dialUser(trunk: TrunkConfig, number: string, callerId: string): string {
  const dial = dialString(trunk, number);
  if (!dial.ok) throw new CallSetupError(dial.code, dial.message);
  if (!callerIdAllowed(trunk, callerId)) throw new CallSetupError('CALLER_ID_NOT_ALLOWED', `trunk ${trunk.name} only sends caller IDs starting with ${trunk.callerIdPrefixes.join(', ')}`);
  return dial.user;
}

/** The initial INVITE (without Via: the transaction layer adds it). */
export function buildInvite(ua: SipUserAgent, trunk: TrunkConfig, user: string, callerId: string, sdp: string, extra: Iterable<readonly [string, string]> = []): SipRequest {
  const host = formatSipHost(trunk.host.replace(/^\[|\]$/g, ''));
  const t = trunk.transport === 'tcp' ? ';transport=tcp' : '';
  const fromUser = callerId !== '' ? callerId : (trunk.username ?? 'waihu');
  const headers: [string, string][] = [
    ['Max-Forwards', '70'],
    ['From', `<sip:${fromUser}@${host}>;tag=${ua.ids.tag()}`],
    ['To', `<sip:${user}@${host}>`],
    ['Call-ID', ua.ids.callId()],
    ['CSeq', '1 INVITE'],
    ['Contact', ua.contact(fromUser, trunk.transport)],
    ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO'],
  ];
  for (const [name, value] of extra) headers.push([name, value]);
  headers.push(['Content-Type', 'application/sdp'], ['Content-Length', String(Buffer.byteLength(sdp))]);
  return newSipRequest('INVITE', `sip:${user}@${host}:${trunk.port}${t}`, headers, sdp);
}

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
import type { SipAccount } from '../sip/digest-retry.js';

export type CallSetupErrorCode = 'CALLEE_PREFIX_NOT_ALLOWED' | 'NUMBER_EMPTY_AFTER_STRIP' | 'CALLER_ID_NOT_ALLOWED' | 'TRANSPORT_NOT_ENABLED' | 'AGENT_CLOSED' | 'EXTENSION_OFFLINE';

/**
 * A call that cannot be placed at all (nothing was sent); `retryable` for AGENT_CLOSED and
 * EXTENSION_OFFLINE (the phone may register again).
 */
export class CallSetupError extends Error {
  override readonly name = 'CallSetupError';
  readonly retryable: boolean;

  constructor(readonly code: CallSetupErrorCode, message: string) {
    super(message);
    this.retryable = code === 'AGENT_CLOSED' || code === 'EXTENSION_OFFLINE';
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

/**
 * Where one INVITE goes and as whom: a trunk with its dial plan applied (`trunkTarget`), or a
 * registered phone's contact (phones/). The Request-URI is sent to `peer`, which for a phone
 * behind NAT is where its REGISTER came from, not the host in its Contact.
 */
export interface CallTarget {
  /** For logs and errors: the trunk's name, or the extension. */
  readonly name: string;
  readonly requestUri: string;
  /** The To URI: the dialed number at the trunk, or the extension's address-of-record. */
  readonly toUri: string;
  /** The From URI (its tag is added per call). */
  readonly fromUri: string;
  /** The user part of our Contact. */
  readonly contactUser: string;
  readonly peer: SipPeer;
  /** Credentials for a 401/407 challenge, or null. */
  readonly account: SipAccount | null;
  readonly ringTimeoutMs: number;
}

/** The target for dialing `number` through `trunk` (throws CallSetupError if the dial plan refuses). */
export function trunkTarget(trunk: TrunkConfig, number: string, callerId: string): CallTarget {
  const user = dialUser(trunk, number, callerId);
  const host = formatSipHost(trunk.host.replace(/^\[|\]$/g, ''));
  const t = trunk.transport === 'tcp' ? ';transport=tcp' : '';
  const fromUser = callerId !== '' ? callerId : (trunk.username ?? 'waihu');
  return {
    name: trunk.name, requestUri: `sip:${user}@${host}:${trunk.port}${t}`, toUri: `sip:${user}@${host}`, fromUri: `sip:${fromUser}@${host}`,
    contactUser: fromUser, peer: trunkPeer(trunk), ringTimeoutMs: trunk.ringTimeoutMs,
    account: trunk.username !== null && trunk.password !== null ? { username: trunk.username, password: trunk.password } : null,
  };
}

/** The initial INVITE (without Via: the transaction layer adds it). */
export function buildInvite(ua: SipUserAgent, target: CallTarget, sdp: string, extra: Iterable<readonly [string, string]> = []): SipRequest {
  const headers: [string, string][] = [
    ['Max-Forwards', '70'],
    ['From', `<${target.fromUri}>;tag=${ua.ids.tag()}`],
    ['To', `<${target.toUri}>`],
    ['Call-ID', ua.ids.callId()],
    ['CSeq', '1 INVITE'],
    ['Contact', ua.contact(target.contactUser, target.peer.transport)],
    ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO'],
  ];
  for (const [name, value] of extra) headers.push([name, value]);
  headers.push(['Content-Type', 'application/sdp'], ['Content-Length', String(Buffer.byteLength(sdp))]);
  return newSipRequest('INVITE', target.requestUri, headers, sdp);
}

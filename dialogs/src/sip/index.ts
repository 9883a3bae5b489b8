/**
 * The SIP message layer: message model, parser and stream framer, serializer, typed headers,
 * digest authentication, SDP offer/answer, and the helpers transactions need (pure: no sockets,
 * no timers; randomness only through SipIds) — and on top of it the user agent: UDP/TCP
 * transports, RFC 3261 transactions on an injected clock, dialogs and the UA core.
 */
export * from './errors.js';
export * from './message.js';
export { parseSipMessage, type SipParseResult, type SipParseLimits } from './parse.js';
export { DEFAULT_MAX_HEADERS, DEFAULT_MAX_MESSAGE_BYTES } from './parse-head.js';
export { SipStreamFramer, type SipStreamItem } from './framer.js';
export { serializeSipMessage, formatSipHead } from './serialize.js';
export { validateSipMessage } from './validate.js';
export { splitSipList, formatSipParams, quoteSipString, type SipParams } from './scan.js';
export * from './uri.js';
export * from './name-addr.js';
export * from './via.js';
export * from './headers.js';
export * from './auth-header.js';
export * from './fields.js';
export * from './digest.js';
export * from './digest-server.js';
export * from './ids.js';
export * from './reasons.js';
export * from './requests.js';
export * from './sdp.js';
export * from './sdp-negotiate.js';
// The user agent (sockets and timers from here on).
export { SipUaError, transportError, type SipUaErrorCode } from './ua-errors.js';
export { sipResources, type SipResources } from './ua-resources.js';
export { DEFAULT_SIP_TIMERS, TimerSet, type SipClock, type SipTimerValues } from './timers.js';
export { responseDestination, stampReceived, type SipPeer, type SipTransport, type SipTransportName, type SipTransportStats } from './transport.js';
export { UdpTransport } from './udp-transport.js';
export { TcpTransport } from './tcp-transport.js';
export { SipTransports, type SipMessageHandler, type SipTransportOptions } from './transports.js';
export { ClientTransaction, type ClientTransactionState, type ClientTransactionUser } from './client-transaction.js';
export { ServerTransaction, type ServerTransactionEnd, type ServerTransactionState } from './server-transaction.js';
export type { TransactionContext } from './transaction-base.js';
export { TransactionLayer, type SipWire, type TransactionCore } from './transactions.js';
export { SipDialog, dialogKey, type DialogId, type DialogState } from './dialog.js';
export { DigestRetry, type SipAccount } from './digest-retry.js';
export { sendSipRequest, type SipRequestOutcome } from './send-request.js';
export { SIP_ALLOWED_METHODS, SipUserAgent, type DialogHandler, type IncomingInvite, type OutOfDialogHandler, type SipUserAgentOptions, type SipUserAgentStats } from './user-agent.js';

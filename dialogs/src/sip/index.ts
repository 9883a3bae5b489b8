/**
 * The SIP message layer: message model, parser and stream framer, serializer, typed headers,
 * digest authentication, SDP offer/answer, and the helpers transactions need. Pure: no sockets,
 * no timers; randomness only through SipIds.
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

/**
 * Serializing a SIP message: CRLF line ends, canonical header names, and a Content-Length that
 * is always the body's real length (written where the first one stood, else last).
 */
import { sipHeaderKey, type SipMessage } from './message.js';

/** The start line and headers as text, Content-Length included; no body. */
export function formatSipHead(msg: SipMessage): string {
  const lines = [msg.kind === 'request' ? `${msg.method} ${msg.uri} SIP/2.0` : `SIP/2.0 ${msg.status} ${msg.reason}`];
  let lengthWritten = false;
  for (const { name, value } of msg.headers) {
    if (sipHeaderKey(name) === 'content-length') {
      if (!lengthWritten) lines.push(`Content-Length: ${msg.body.length}`);
      lengthWritten = true;
    } else lines.push(`${name}: ${value}`);
  }
  if (!lengthWritten) lines.push(`Content-Length: ${msg.body.length}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The message as bytes, ready for a datagram or a stream. */
export function serializeSipMessage(msg: SipMessage): Buffer {
  const head = Buffer.from(formatSipHead(msg), 'utf8');
  return msg.body.length === 0 ? head : Buffer.concat([head, msg.body]);
}

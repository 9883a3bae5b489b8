/**
 * A non-INVITE request outside dialogs as one promise (REGISTER, OPTIONS): resolves once with
 * the final response, answering digest challenges on the way, or with the failure.
 */
import { DigestRetry, type SipAccount } from './digest-retry.js';
import { getCSeq } from './fields.js';
import { formatCSeq } from './headers.js';
import type { SipRequest, SipResponse } from './message.js';
import type { SipPeer } from './transport.js';
import { SipUaError } from './ua-errors.js';
import type { SipUserAgent } from './user-agent.js';

/** What a request came to: its final response (any status), or why there was none. */
export type SipRequestOutcome = { readonly ok: true; readonly response: SipResponse; readonly request: SipRequest } | { readonly ok: false; readonly error: SipUaError };

/**
 * Sends `request` (without Via) to `to`; a 401/407 is answered once with `account` (again if
 * stale), each retry with the next CSeq. `nextSeq` hands out CSeq numbers for the retries.
 */
export function sendSipRequest(ua: SipUserAgent, request: SipRequest, to: SipPeer, account: SipAccount | null, nextSeq: () => number): Promise<SipRequestOutcome> {
  const digest = new DigestRetry(account, ua.ids);
  return new Promise((resolve) => {
    const attempt = (req: SipRequest): void => {
      ua.request(req, to, {
        onResponse: (r) => {
          if (r.status < 200) return;
          if (r.status !== 401 && r.status !== 407) { resolve({ ok: true, response: r, request: req }); return; }
          const header = digest.answer(req, r);
          if (header instanceof SipUaError) { resolve({ ok: true, response: r, request: req }); return; }
          const headers = req.headers.clone();
          headers.delete('Via');
          headers.delete('Authorization');
          headers.delete('Proxy-Authorization');
          headers.set('CSeq', formatCSeq({ seq: nextSeq(), method: getCSeq(req).method }));
          headers.append(header.name, header.value);
          attempt({ ...req, headers });
        },
        onFailure: (error) => resolve({ ok: false, error }),
      });
    };
    attempt(request);
  });
}

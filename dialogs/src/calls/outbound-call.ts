/**
 * One outbound call through a trunk (RFC 3261 §13 UAC): INVITE with our SDP offer, digest
 * answers to 401/407, provisional responses with early media, the 2xx ACKed by us (and again
 * for every retransmitted 2xx), CANCEL on ring timeout or request, BYE either way, re-INVITE
 * for hold, and teardown that releases the RTP session, timers and dialog. `ended` resolves
 * exactly once with a named reason.
 */
import type { AudioChunk } from '../media/media-leg.js';
import type { RtpSession } from '../media/rtp-session.js';
import type { DtmfSendResult } from '../media/dtmf.js';
import type { ClientTransaction } from '../sip/client-transaction.js';
import { DigestRetry, type SipAccount } from '../sip/digest-retry.js';
import { SipDialog } from '../sip/dialog.js';
import { getCSeq, getToTag } from '../sip/fields.js';
import { formatCSeq } from '../sip/headers.js';
import type { SipRequest, SipResponse } from '../sip/message.js';
import { createCancel, createSipResponse } from '../sip/requests.js';
import type { ServerTransaction } from '../sip/server-transaction.js';
import { TimerSet } from '../sip/timers.js';
import type { SipPeer } from '../sip/transport.js';
import { SipUaError } from '../sip/ua-errors.js';
import { trackSip } from '../sip/ua-resources.js';
import type { SipUserAgent } from '../sip/user-agent.js';
import { callEnd, responseCause, type CallEnd, type CallEndReason } from './call-end.js';
import type { CallMedia } from './call-media.js';

/** A provisional response, as listeners see it. */
export interface CallProgress {
  readonly status: number;
  readonly reason: string;
  /** Whether this response carried SDP (media now flows from the network's announcement or ringback). */
  readonly earlyMedia: boolean;
}

/** What `Call.answered` resolves with: answered, or how it ended instead. */
export type CallAnswer = { readonly answered: true; readonly setupMs: number } | { readonly answered: false; readonly end: CallEnd };

/** Outcome of a re-INVITE (hold/unhold). */
export type ReinviteResult = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly status: number | null; readonly reason: 'rejected' | 'timeout' | 'not-answered' | 'ended' };

export type CallState = 'calling' | 'ringing' | 'answered' | 'ending' | 'ended';

/** What the call needs to be sent. */
export interface CallSetup {
  readonly invite: SipRequest;
  readonly peer: SipPeer;
  readonly account: SipAccount | null;
  readonly ringTimeoutMs: number;
  readonly onEarlyMedia?: (chunk: AudioChunk) => void;
  /** Release hook: the agent forgets the call. */
  readonly released: (call: Call) => void;
}

/** One outbound call; `SipAgent.placeCall` creates and starts it. */
export class Call {
  readonly callId: string;
  private stateNow: CallState = 'calling';
  private invite: SipRequest;
  private tx: ClientTransaction | null = null;
  private dialog: SipDialog | null = null;
  private ack: SipRequest | null = null;
  private readonly timers: TimerSet;
  private readonly digest: DigestRetry;
  private readonly progressListeners: ((p: CallProgress) => void)[] = [];
  private readonly tryingListeners: ((p: CallProgress) => void)[] = [];
  private provisionalSeen = false;
  private cancelReason: CallEndReason | null = null;
  private cancelSent = false;
  private earlyMedia = false;
  private stopEarlyMedia: (() => void) | null = null;
  private readonly sentAt: number;
  private answeredAt: number | null = null;
  private finishing: CallEnd | null = null;
  private resolveEnded!: (end: CallEnd) => void;
  private resolveAnswered!: (a: CallAnswer) => void;
  /** Resolves once, when the call is over and everything it held is released. */
  readonly ended: Promise<CallEnd>;
  /** Resolves once: at the 200 OK, or with the end if there is none. */
  readonly answered: Promise<CallAnswer>;

  constructor(private readonly ua: SipUserAgent, private readonly media: CallMedia, private readonly setup: CallSetup) {
    this.invite = setup.invite;
    this.callId = setup.invite.headers.get('Call-ID') ?? '';
    this.timers = new TimerSet(ua.clock);
    this.digest = new DigestRetry(setup.account, ua.ids);
    this.ended = new Promise((resolve) => { this.resolveEnded = resolve; });
    this.answered = new Promise((resolve) => { this.resolveAnswered = resolve; });
    this.sentAt = ua.clock.now();
    trackSip('calls', 1);
  }

  /** The call's media leg: play prompts, hear the callee, DTMF. */
  get rtp(): RtpSession {
    return this.media.rtp;
  }

  get state(): CallState {
    return this.stateNow;
  }

  /**
   * Subscribes to 180/183 (and other 1xx); 100 Trying (hop-by-hop, no news of the callee) only
   * with `{ trying: true }`, for diagnostics such as the test-call tool. Returns the unsubscribe.
   */
  onProgress(listener: (p: CallProgress) => void, options: { trying?: boolean } = {}): () => void {
    const lists = options.trying === true ? [this.progressListeners, this.tryingListeners] : [this.progressListeners];
    for (const list of lists) list.push(listener);
    return () => { for (const list of lists) { const i = list.indexOf(listener); if (i >= 0) list.splice(i, 1); } };
  }

  /** @internal Sends the INVITE and starts the ring timer. */
  start(): void {
    this.timers.start('ring', this.setup.ringTimeoutMs, () => this.cancelWith('ring-timeout'));
    this.sendInvite();
  }

  /** Cancels a call that is not answered yet; hangs up one that is. */
  cancel(): Promise<CallEnd> {
    if (this.stateNow === 'answered') return this.hangup();
    this.cancelWith('cancelled');
    return this.ended;
  }

  /** Hangs up: BYE when answered, CANCEL while ringing. Resolves with the end. */
  hangup(): Promise<CallEnd> {
    if (this.stateNow === 'calling' || this.stateNow === 'ringing') return this.cancel();
    if (this.stateNow === 'answered') this.bye('local-hangup');
    return this.ended;
  }

  /** Sends DTMF digits as RFC 4733 events on the media. */
  sendDtmf(digits: string, durationMs?: number): Promise<DtmfSendResult> {
    return this.media.rtp.sendDtmf(digits, durationMs);
  }

  /** Puts the callee on hold (re-INVITE, sendonly). */
  hold(): Promise<ReinviteResult> {
    return this.reinvite('sendonly');
  }

  /** Takes the callee off hold (re-INVITE, sendrecv). */
  unhold(): Promise<ReinviteResult> {
    return this.reinvite('sendrecv');
  }

  /** @internal The agent is closing. */
  shutdown(): Promise<CallEnd> {
    if (this.stateNow === 'answered') this.bye('shutdown');
    else if (this.stateNow !== 'ending' && this.stateNow !== 'ended') this.cancelWith('shutdown');
    return this.ended;
  }

  private sendInvite(): void {
    this.tx = this.ua.request(this.invite, this.setup.peer, {
      onResponse: (r) => this.onInviteResponse(r),
      onFailure: (e) => this.onInviteFailure(e),
    });
  }

  private onInviteResponse(r: SipResponse): void {
    if (this.stateNow === 'ended') return;
    if (r.status < 200) { this.onProvisional(r); return; }
    if (r.status < 300) { this.on2xx(r); return; }
    if ((r.status === 401 || r.status === 407) && this.cancelReason === null) {
      const header = this.digest.answer(this.invite, r);
      if (!(header instanceof SipUaError)) { this.retryInvite(header); return; }
      this.finish('auth-failed', r.status, responseCause(r), header.message);
      return;
    }
    const reason = this.cancelReason !== null && r.status === 487 ? this.cancelReason : 'rejected';
    this.finish(reason, r.status, responseCause(r), `${r.status} ${r.reason}`);
  }

  private onProvisional(r: SipResponse): void {
    if (r.status === 100) {
      const trying: CallProgress = { status: 100, reason: r.reason, earlyMedia: false };
      for (const listener of [...this.tryingListeners]) listener(trying);
      return;
    }
    this.provisionalSeen = true;
    if (this.cancelReason !== null) { this.sendCancel(); return; }
    if (this.stateNow === 'calling') this.stateNow = 'ringing';
    const toTag = getToTag(r);
    if (toTag !== null && this.dialog === null) this.dialog = SipDialog.asUac(this.invite, r, this.setup.peer.transport);
    const withSdp = r.body.length > 0 && this.media.applyAnswer(r.body);
    if (withSdp && !this.earlyMedia) {
      this.earlyMedia = true;
      const hook = this.setup.onEarlyMedia;
      if (hook) this.stopEarlyMedia = this.media.rtp.onAudio(hook);
    }
    const progress: CallProgress = { status: r.status, reason: r.reason, earlyMedia: withSdp };
    for (const listener of [...this.progressListeners]) listener(progress);
  }

  private on2xx(r: SipResponse): void {
    const toTag = getToTag(r) ?? '';
    const confirmed = this.dialog?.state === 'confirmed' ? this.dialog : null;
    if (confirmed !== null) {
      // A retransmitted 2xx: our ACK was lost. A 2xx from another fork: ACK and leave it.
      if (confirmed.remoteTag === toTag && this.ack !== null) this.ua.sendAck(this.ack, this.dialogPeer(confirmed));
      else this.ackAndBye(r);
      return;
    }
    const dialog = SipDialog.asUac(this.invite, r, this.setup.peer.transport);
    this.dialog = dialog;
    this.ack = dialog.createRequest('ACK', { seq: getCSeq(this.invite).seq });
    this.ua.sendAck(this.ack, this.dialogPeer(dialog));
    this.ua.addDialog(dialog, {
      onRequest: (request, tx) => this.onDialogRequest(request, tx),
      onStrayResponse: (response) => { if (getToTag(response) === dialog.remoteTag && this.ack) this.ua.sendAck(this.ack, this.dialogPeer(dialog)); },
    });
    if (r.body.length > 0) this.media.applyAnswer(r.body);
    if (this.cancelReason !== null) {
      // Our CANCEL crossed the 200 OK: the call is up, so it must be ended with a BYE (§9.1).
      this.bye(this.cancelReason);
      return;
    }
    this.stateNow = 'answered';
    this.answeredAt = this.ua.clock.now();
    this.timers.clear('ring');
    this.stopEarlyMedia?.();
    this.stopEarlyMedia = null;
    this.media.rtp.onInactive(() => { if (this.stateNow === 'answered') this.bye('media-timeout'); });
    this.resolveAnswered({ answered: true, setupMs: this.answeredAt - this.sentAt });
  }

  private onInviteFailure(e: SipUaError): void {
    if (this.stateNow === 'ended' || this.stateNow === 'ending') return;
    const reason: CallEndReason = e.code === 'TRANSACTION_TIMEOUT' ? (this.cancelReason ?? 'no-response') : e.code === 'CLOSED' ? 'shutdown' : 'transport-error';
    this.finish(reason, null, null, e.message);
  }

  private retryInvite(auth: { name: string; value: string }): void {
    const next = this.invite.headers.clone();
    next.delete('Via');
    next.delete('Authorization');
    next.delete('Proxy-Authorization');
    next.set('CSeq', formatCSeq({ seq: getCSeq(this.invite).seq + 1, method: 'INVITE' }));
    next.append(auth.name, auth.value);
    this.invite = { ...this.invite, headers: next };
    this.provisionalSeen = false;
    this.sendInvite();
  }

  private cancelWith(reason: CallEndReason): void {
    if (this.cancelReason !== null || (this.stateNow !== 'calling' && this.stateNow !== 'ringing')) return;
    this.cancelReason = reason;
    this.timers.clear('ring');
    // §9.1: CANCEL only after a provisional; before one, it goes out when one arrives.
    if (this.provisionalSeen) this.sendCancel();
    // If the INVITE never gets its 487, do not wait forever (§9.1: 64*T1).
    this.timers.start('cancel-guard', 64 * this.ua.layer.timers.t1Ms, () => this.finish(reason, null, null, 'no final response after CANCEL'));
  }

  private sendCancel(): void {
    if (this.cancelSent) return;
    this.cancelSent = true;
    this.ua.request(createCancel(this.invite), this.setup.peer, { onResponse: () => undefined, onFailure: () => undefined });
  }

  private onDialogRequest(request: SipRequest, tx: ServerTransaction): void {
    switch (request.method) {
      case 'BYE':
        tx.respond(createSipResponse(request, 200));
        this.finish('remote-hangup', 200, responseCauseOfRequest(request), 'BYE from the callee');
        return;
      case 'INVITE': {
        const answer = request.body.length > 0 ? this.media.answerOffer(request.body) : this.media.offerText();
        if (answer === null) { tx.respond(createSipResponse(request, 488)); return; }
        this.dialog?.refreshTarget(request);
        this.ua.send2xx(tx, createSipResponse(request, 200, { headers: [['Contact', this.dialog?.localContact ?? ''], ['Content-Type', 'application/sdp']], body: answer }));
        return;
      }
      default:
        // INFO (e.g. SIP INFO DTMF, which we do not use) and OPTIONS: acknowledge.
        tx.respond(createSipResponse(request, 200));
    }
  }

  private reinvite(direction: 'sendonly' | 'sendrecv'): Promise<ReinviteResult> {
    const dialog = this.dialog;
    if (this.stateNow !== 'answered' || dialog === null) return Promise.resolve({ ok: false, status: null, reason: 'not-answered' });
    const request = dialog.createRequest('INVITE', { body: this.media.reoffer(direction) });
    return new Promise((resolve) => {
      this.ua.request(request, this.dialogPeer(dialog), {
        onResponse: (r) => {
          if (r.status < 200) return;
          if (r.status >= 300) { resolve({ ok: false, status: r.status, reason: 'rejected' }); return; }
          const ack = dialog.createRequest('ACK', { seq: getCSeq(request).seq });
          this.ua.sendAck(ack, this.dialogPeer(dialog));
          if (r.body.length > 0) this.media.applyAnswer(r.body);
          dialog.refreshTarget(r);
          resolve({ ok: true, status: r.status });
        },
        onFailure: () => resolve({ ok: false, status: null, reason: this.stateNow === 'answered' ? 'timeout' : 'ended' }),
      });
    });
  }

  private ackAndBye(r: SipResponse): void {
    const stray = SipDialog.asUac(this.invite, r, this.setup.peer.transport);
    this.ua.sendAck(stray.createRequest('ACK', { seq: getCSeq(this.invite).seq }), this.dialogPeer(stray));
    this.ua.request(stray.createRequest('BYE'), this.dialogPeer(stray), { onResponse: () => undefined, onFailure: () => undefined });
  }

  private bye(reason: CallEndReason): void {
    const dialog = this.dialog;
    if (dialog === null || this.stateNow === 'ending' || this.stateNow === 'ended') return;
    this.stateNow = 'ending';
    // Stop sending at once; the BYE's answer only decides how we report the end.
    void this.media.rtp.close();
    const status = this.answeredAt !== null ? 200 : null;
    this.ua.request(dialog.createRequest('BYE'), this.dialogPeer(dialog), {
      onResponse: (r) => { if (r.status >= 200) this.finish(reason, status, null, `BYE answered ${r.status}`, 'answered'); },
      onFailure: (e) => this.finish(reason, status, null, `BYE failed: ${e.message}`, 'failed'),
    });
  }

  private dialogPeer(dialog: SipDialog): SipPeer {
    return dialog.destination() ?? this.setup.peer;
  }

  private finish(reason: CallEndReason, status: number | null, cause: number | null, detail: string, bye: 'answered' | 'failed' | null = null): void {
    if (this.finishing !== null) return;
    const now = this.ua.clock.now();
    const answered = this.answeredAt !== null;
    const end = callEnd(reason, {
      status: answered ? 200 : status, cause, answered, setupMs: answered ? (this.answeredAt ?? now) - this.sentAt : null,
      talkMs: answered ? now - (this.answeredAt ?? now) : null, earlyMedia: this.earlyMedia, bye, detail,
    });
    this.finishing = end;
    this.stateNow = 'ending';
    this.timers.clearAll();
    this.stopEarlyMedia?.();
    if (this.dialog !== null) this.ua.removeDialog(this.dialog);
    this.resolveAnswered({ answered: false, end });
    void this.media.rtp.close().then(() => {
      this.stateNow = 'ended';
      trackSip('calls', -1);
      this.setup.released(this);
      this.resolveEnded(end);
    });
  }
}

/** A BYE may carry `Reason: Q.850;cause=16` (normal clearing). */
function responseCauseOfRequest(request: SipRequest): number | null {
  return responseCause({ kind: 'response', status: 0, reason: '', headers: request.headers, body: request.body });
}

/**
 * The agent's browser softphone: a small wrapper over JsSIP with its state as Solid signals.
 * It registers over SIP-over-WebSocket to the SIP edge (tools/sip-edge: Kamailio relays to our
 * server's registrar, rtpengine turns WebRTC into the RTP our server speaks), rings on an
 * incoming call, answers, hangs up, mutes, holds, sends DTMF (RFC 4733 events in the media, which
 * our server reads from RTP) and places calls (click-to-call). One call at a time: a second
 * incoming call while one is up is refused with 486, so the ACD rings someone else.
 *
 * Credentials (WS URL, SIP URI, password) come from GET /api/agents/me/softphone.
 */
import { createSignal, type Accessor } from 'solid-js';
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent, UA } from 'jssip/lib/UA';

/** Where and as whom the softphone registers. */
export interface SoftphoneCredentials {
  /** `ws://…` or (production) `wss://…` of the SIP edge. */
  readonly wsUrl: string;
  /** `sip:8001@e1.waihu` — the extension's address-of-record. */
  readonly sipUri: string;
  /** The extension's SIP secret. */
  readonly password: string;
  readonly displayName?: string;
}

/** off → connecting → registered; failed with a reason; `unregistered` after stop or a lost socket. */
export type RegistrationStatus = 'off' | 'connecting' | 'registered' | 'unregistered' | 'failed';

/** A call's life as the agent sees it. */
export type CallStatus = 'ringing' | 'calling' | 'talking' | 'ended';

/** The current (or just ended) call. */
export interface SoftphoneCall {
  readonly direction: 'incoming' | 'outgoing';
  /** The other side's user part (the customer's number, or what the server put in From). */
  readonly remote: string;
  readonly displayName: string | null;
  readonly status: CallStatus;
  readonly muted: boolean;
  readonly held: boolean;
  /** Epoch ms: when it started ringing, was answered, ended (null until then). */
  readonly startedAtMs: number;
  readonly answeredAtMs: number | null;
  readonly endedAtMs: number | null;
  /** JsSIP's cause when it ended (`Terminated`, `Canceled`, `Busy`, `Rejected`, …). */
  readonly endCause: string | null;
  /** The SIP Call-ID, to match the server's call record. */
  readonly callId: string;
}

export interface SoftphoneOptions {
  /** Plays the other side (default: a detached <audio> element the softphone owns). */
  readonly audio?: HTMLAudioElement;
  /** STUN/TURN for the browser's ICE (default none: the edge is reachable directly). */
  readonly iceServers?: RTCIceServer[];
  /** Tells the page about a new incoming call (the workspace's ring, a screen pop). */
  readonly onIncoming?: (call: SoftphoneCall) => void;
  /** Seconds between re-registrations (default 300). */
  readonly registerExpiresS?: number;
  /**
   * The microphone request (default `true`: the browser's echo cancellation, noise suppression
   * and gain control, which a headset user wants). Tests that measure the audio path pass
   * them off so the comparison sees the transport, not the speech processing.
   */
  readonly microphone?: boolean | MediaTrackConstraints;
}

/** The softphone's state and commands; `stop()` when the page goes away. */
export interface Softphone {
  readonly registration: Accessor<RegistrationStatus>;
  /** Why registration failed or the socket dropped, in JsSIP's words; null when fine. */
  readonly registrationError: Accessor<string | null>;
  readonly call: Accessor<SoftphoneCall | null>;
  /** The other side's audio while a call is up (for a level meter or a recorder). */
  readonly remoteStream: Accessor<MediaStream | null>;
  start(): void;
  stop(): void;
  answer(): void;
  hangup(): void;
  setMuted(muted: boolean): void;
  setHeld(held: boolean): void;
  /** Sends DTMF digits (0-9 * # A-D) during a call. */
  dtmf(digits: string): void;
  /** Calls `target` (a number or SIP URI) — click-to-call through our server. */
  dial(target: string): void;
}

const DTMF_DIGITS = /^[0-9*#A-Da-d]+$/;
/** A refused registration is tried again after 3 s, then 6, 12… up to once a minute. */
const FIRST_RETRY_MS = 3000;
const LAST_RETRY_MS = 60_000;

/** Builds the softphone (not yet started). */
export function createSoftphone(credentials: SoftphoneCredentials, options: SoftphoneOptions = {}): Softphone {
  const [registration, setRegistration] = createSignal<RegistrationStatus>('off');
  const [registrationError, setRegistrationError] = createSignal<string | null>(null);
  const [call, setCall] = createSignal<SoftphoneCall | null>(null);
  const [remoteStream, setRemoteStream] = createSignal<MediaStream | null>(null);
  const audio = options.audio ?? new Audio();
  audio.autoplay = true;
  const pcConfig: RTCConfiguration = { iceServers: options.iceServers ?? [] };
  const media = { mediaConstraints: { audio: options.microphone ?? true, video: false }, pcConfig };
  let ua: UA | null = null;
  let session: RTCSession | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let retryMs = FIRST_RETRY_MS;

  const patch = (change: Partial<SoftphoneCall>): void => {
    const now = call();
    if (now) setCall({ ...now, ...change });
  };

  /** Plays the remote track and publishes its stream. */
  const listenTo = (pc: RTCPeerConnection): void => {
    const show = (stream: MediaStream): void => {
      audio.srcObject = stream;
      setRemoteStream(stream);
      void audio.play().catch(() => undefined);
    };
    pc.addEventListener('track', (e) => show(e.streams[0] ?? new MediaStream([e.track])));
    // A connection made before the listener (answer() creates it) may carry its track already.
    const receivers = pc.getReceivers().filter((r) => r.track.kind === 'audio');
    if (receivers.length > 0) show(new MediaStream(receivers.map((r) => r.track)));
  };

  const adopt = (e: RTCSessionEvent): void => {
    const s = e.session;
    if (session !== null) {
      // One call at a time: the ACD takes a busy answer as "ring the next agent".
      if (e.originator === 'remote') s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    session = s;
    const incoming = e.originator === 'remote';
    const from = s.remote_identity;
    const fresh: SoftphoneCall = {
      direction: incoming ? 'incoming' : 'outgoing', remote: from.uri.user ?? from.uri.toString(), displayName: from.display_name || null,
      status: incoming ? 'ringing' : 'calling', muted: false, held: false, startedAtMs: Date.now(), answeredAtMs: null, endedAtMs: null,
      // JsSIP sets call_id on both request kinds; its typings list it on outgoing ones only.
      endCause: null, callId: (e.request as { call_id?: string }).call_id ?? s.id,
    };
    setCall(fresh);
    s.on('peerconnection', (p) => listenTo(p.peerconnection));
    if (s.connection) listenTo(s.connection);
    s.on('confirmed', () => patch({ status: 'talking', answeredAtMs: Date.now() }));
    s.on('muted', () => patch({ muted: true }));
    s.on('unmuted', () => patch({ muted: false }));
    const finish = (cause: string): void => {
      if (session !== s) return;
      session = null;
      audio.srcObject = null;
      setRemoteStream(null);
      patch({ status: 'ended', endedAtMs: Date.now(), endCause: cause });
    };
    s.on('ended', (end) => finish(end.cause));
    s.on('failed', (end) => finish(end.cause));
    if (incoming) options.onIncoming?.(fresh);
  };

  return {
    registration, registrationError, call, remoteStream,
    start() {
      if (ua !== null) return;
      const socket = new JsSIP.WebSocketInterface(credentials.wsUrl);
      const agent = new JsSIP.UA({
        sockets: [socket], uri: credentials.sipUri, password: credentials.password, register: true,
        register_expires: options.registerExpiresS ?? 300, session_timers: false, user_agent: 'Waihu console (JsSIP)',
        ...(credentials.displayName ? { display_name: credentials.displayName } : {}),
      });
      ua = agent;
      setRegistration('connecting');
      setRegistrationError(null);
      agent.on('registered', () => { retryMs = FIRST_RETRY_MS; setRegistration('registered'); setRegistrationError(null); });
      agent.on('unregistered', () => { if (ua === agent) setRegistration('unregistered'); });
      agent.on('registrationFailed', (e) => {
        setRegistration('failed');
        setRegistrationError(e.cause ?? 'registration failed');
        // JsSIP does not try again by itself: an extension bound a moment ago, or a server
        // restarting, must not leave the agent unreachable until the page is reloaded.
        if (retry !== null) clearTimeout(retry);
        retry = setTimeout(() => { retry = null; if (ua === agent) agent.register(); }, retryMs);
        retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
      });
      agent.on('disconnected', () => { if (ua === agent) { setRegistration('connecting'); setRegistrationError('WebSocket closed'); } });
      agent.on('newRTCSession', adopt);
      agent.start();
    },
    stop() {
      const agent = ua;
      if (agent === null) return;
      ua = null;
      if (retry !== null) clearTimeout(retry);
      retry = null;
      session?.terminate();
      agent.stop();
      setRegistration('off');
    },
    answer() {
      if (session && call()?.status === 'ringing') session.answer(media);
    },
    hangup() {
      // terminate() cancels a ringing outgoing call, rejects a ringing incoming one (486 → 480), BYEs a talk.
      if (session && !session.isEnded()) session.terminate(call()?.status === 'ringing' ? { status_code: 480, reason_phrase: 'Declined by agent' } : {});
    },
    setMuted(muted) {
      if (!session || call()?.status !== 'talking') return;
      if (muted) session.mute({ audio: true });
      else session.unmute({ audio: true });
    },
    setHeld(held) {
      const s = session;
      if (!s || call()?.status !== 'talking') return;
      // `held` changes when the re-INVITE succeeded (JsSIP's own hold event comes before it is sent).
      const attempt = (triesLeft: number): void => {
        if (session !== s || s.isEnded()) return;
        const sent = held ? s.hold({}, () => patch({ held: true })) : s.unhold({}, () => patch({ held: false }));
        // JsSIP refuses while another offer/answer is under way (ours or the other side's): try again shortly.
        if (!sent && s.isOnHold().local !== held && triesLeft > 0) setTimeout(() => attempt(triesLeft - 1), 200);
      };
      attempt(15);
    },
    dtmf(digits) {
      if (!session || call()?.status !== 'talking' || !DTMF_DIGITS.test(digits)) return;
      session.sendDTMF(digits, { transportType: 'RFC2833' as never, duration: 120, interToneGap: 70 });
    },
    dial(target) {
      if (!ua || session !== null || target.trim() === '') return;
      ua.call(target.trim(), media);
    },
  };
}

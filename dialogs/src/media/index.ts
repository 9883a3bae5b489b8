/**
 * The media half of the telephony layer: RTP over UDP per call with one shared 20 ms pacer,
 * G.711, a jitter buffer, RFC 4733 DTMF, RFC 3550 statistics, stereo WAV recording and prompt
 * WAV reading. `RtpSession` is the `MediaLeg` the call runtime drives.
 */
export type { MediaClock, MediaTimer } from './clock.js';
export { systemMediaClock } from './clock.js';
export { ManualClock } from './manual-clock.js';
export type { DeviationSummary } from './deviation.js';
export { MediaError } from './errors.js';
export type { MediaErrorCode } from './errors.js';
export type { G711Law } from './g711.js';
export {
  G711_PAYLOAD_TYPE, G711_SILENCE, alawDecodeSample, alawEncodeSample, decodeG711, decodeG711Array,
  encodeG711, encodeG711Array, mulawDecodeSample, mulawEncodeSample,
} from './g711.js';
export type { RtpPacket, RtpPacketInit, RtpParseErrorCode } from './rtp-packet.js';
export { RTP_HEADER_BYTES, newRtpPacket, parseRtp, parseRtpInto, serializeRtp, writeRtpHeader } from './rtp-packet.js';
export type { PacerOptions, PacerStats, PacerSubscriber } from './pacer.js';
export { Pacer, sharedPacer } from './pacer.js';
export type { JitterBufferOptions, JitterFrame, JitterKind, JitterStats } from './jitter-buffer.js';
export { JitterBuffer, seqDiff } from './jitter-buffer.js';
export type { DtmfDigit, DtmfEvent, DtmfPacketOut, DtmfSendResult } from './dtmf.js';
export { DtmfReceiver, DtmfSender, dtmfEventCode } from './dtmf.js';
export type { ReceiverStatsSnapshot } from './rtp-stats.js';
export { ReceiverStats } from './rtp-stats.js';
export type { PortRange } from './port-allocator.js';
export { DEFAULT_RTP_PORTS, PortAllocator } from './port-allocator.js';
export type { PlayResult } from './play-queue.js';
export { PlayQueue } from './play-queue.js';
export type { MediaResources } from './resources.js';
export { openResources } from './resources.js';
export type { AudioChunk, MediaLeg, MediaLog, ReceivedDtmf } from './media-leg.js';
export type { SenderStats } from './rtp-sender.js';
export type { RtpRemote, RtpSessionOptions, RtpSessionStats, RtpSessionSummary } from './rtp-session.js';
export { RtpSession } from './rtp-session.js';
export type { RecorderOptions, RecordingSummary } from './wav-recorder.js';
export { StereoWavRecorder } from './wav-recorder.js';
export { decodeStereoWav, decodeWav, readWavFile } from './wav-reader.js';
export type { WavLayout } from './wav-format.js';
export { WAV_FORMAT, encodeWavPcm16, wavHeader } from './wav-format.js';
export type { XcorrOptions, XcorrResult } from './xcorr.js';
export { xcorr } from './xcorr.js';

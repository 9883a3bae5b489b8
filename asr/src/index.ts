/**
 * @waihu/asr — speech for calls: audio basics, VAD, streaming recognition and synthesis
 * providers. Other packages import only from here.
 */
export * from './audio/index.js';
export * from './vad/index.js';
export * from './tts/index.js';
export * from './asr/index.js';

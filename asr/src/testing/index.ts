/**
 * @waihu/asr/testing — local servers speaking the providers' protocols and scripted
 * recognizers, for the tests of packages that use speech (the call runtime, the server).
 */
export * from './fake-baidu-realtime.js';
export * from './fake-baidu-rest.js';
export * from './fake-funasr.js';
export * from './scripted-asr.js';
export * from './speech-script.js';

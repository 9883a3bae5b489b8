/**
 * The API as a fastify instance, built from its dependencies so tests drive it with `inject()`
 * and nothing reads the environment or the clock behind their back.
 */
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.js';
import { loggerOptions } from './logger.js';
import { errorHandler } from './errors.js';
import type { Db } from '@waihu/db';
import { authPlugin } from './auth/plugin.js';
import { authRoutes } from './auth/routes.js';
import { scriptRoutes } from './scripts/routes.js';
import { leadRoutes } from './leads/routes.js';
import { crmRoutes } from './crm/routes.js';
import { platformRoutes } from './platform/routes.js';
import { auditPlugin } from './audit.js';
import { userRoutes } from './users/routes.js';
import { telephonyRoutes } from './telephony/index.js';
import { voiceRoutes } from './voice/routes.js';
import { speechRoutes } from './speech/routes.js';
import { VoiceConverter } from '@waihu/asr';
import { LocalFileStore, fileRoutes } from './storage/index.js';
import type { FileStore } from './storage/index.js';
import { SecretBox, loadOrCreateKeyFile } from './secrets/box.js';
import { CallRecords, RecordingStorage, callRoutes, recordingStorageRoutes } from './calls/index.js';
import { dialerRoutes } from './dialer/routes.js';
import { callExportRoutes } from './calls/export-routes.js';
import { callStatsRoutes } from './calls/stats-routes.js';
import { trunkChoiceRoutes } from './dialer/trunk-choices.js';
import { consoleRoutes } from './http/console.js';
import { agentsPlugin } from './agents/index.js';
import { RobotCaller } from './calls/robot-caller.js';
import type { RobotSpeech } from './calls/robot-caller.js';
import { robotCallRoutes } from './calls/robot-routes.js';

/** Milliseconds since the epoch; injected so tests control time (ARCHITECTURE rule 3). */
export type Clock = () => number;

export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock?: Clock;
  /** Where files are kept; by default `files/` under the configured data folder. */
  readonly files?: FileStore;
  /** Seals stored credentials; by default with SECRET_KEY or the data folder's key file. */
  readonly secrets?: SecretBox;
  /** Converts uploaded recordings off the main thread; by default one the app closes with itself. */
  readonly voice?: VoiceConverter;
  /** How robot calls build the enterprise's speech providers; tests inject a test recognizer. */
  readonly robotSpeech?: RobotSpeech;
}

export interface Services {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly files: FileStore;
  readonly secrets: SecretBox;
  readonly voice: VoiceConverter;
  /** Where call recordings go: local disk, or the enterprise's BOS bucket. */
  readonly recordings: RecordingStorage;
  /** Keeps finished robot calls (the CallStore the dialer and the call command save through). */
  readonly calls: CallRecords;
  /** Places robot calls from this process (test calls); its SIP agent and VAD start on first use. */
  readonly robotCaller: RobotCaller;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's robot caller, for a dialer worker running beside the API (main.ts). */
    robotCaller: RobotCaller;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const base = {
    config: deps.config, db: deps.db, clock: deps.clock ?? Date.now,
    files: deps.files ?? new LocalFileStore(join(deps.config.dataDir, 'files')),
    secrets: deps.secrets ?? SecretBox.fromKey(deps.config.secretKey ?? loadOrCreateKeyFile(deps.config.dataDir)),
    voice: deps.voice ?? new VoiceConverter({ maxBytes: deps.config.uploadMaxBytes }),
  };
  const recordings = new RecordingStorage(deps.db, base.files, base.secrets);
  const calls = new CallRecords({ db: deps.db, recordings });
  const app = Fastify({
    logger: loggerOptions(deps.config),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
  });
  const robotCaller = new RobotCaller({
    config: deps.config, db: deps.db, secrets: base.secrets, calls, logger: app.log,
    ...(deps.robotSpeech ? { speech: deps.robotSpeech } : {}),
  });
  const services: Services = { ...base, recordings, calls, robotCaller };
  app.decorate('robotCaller', robotCaller);
  app.addHook('onClose', async () => { await robotCaller.close(); });
  app.setErrorHandler(errorHandler);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 20, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Waihu 外呼 API', version: '0.1.0', description: 'Scripts, leads, CRM and accounts. Errors: `{ error: { code, message, retryable, details? } }`.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'waihu_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/health', { schema: { tags: ['system'], security: [], response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } }, config: { public: true } }, async () => ({ ok: true }));
  await app.register(authPlugin, services);
  await app.register(auditPlugin, services);
  await app.register(authRoutes, { prefix: '/api', ...services });
  await app.register(scriptRoutes, { prefix: '/api', ...services });
  await app.register(leadRoutes, { prefix: '/api', ...services });
  await app.register(crmRoutes, { prefix: '/api', ...services });
  await app.register(platformRoutes, { prefix: '/api', ...services });
  await app.register(fileRoutes, { prefix: '/api', ...services });
  await app.register(userRoutes, { prefix: '/api', ...services });
  await app.register(telephonyRoutes, { prefix: '/api', ...services });
  await app.register(voiceRoutes, { prefix: '/api', ...services });
  await app.register(callRoutes, { prefix: '/api', ...services });
  await app.register(recordingStorageRoutes, { prefix: '/api', ...services });
  await app.register(speechRoutes, { prefix: '/api', ...services });
  await app.register(dialerRoutes, { prefix: '/api', ...services });
  await app.register(callExportRoutes, { prefix: '/api', ...services });
  await app.register(callStatsRoutes, { prefix: '/api', ...services });
  await app.register(trunkChoiceRoutes, { prefix: '/api', ...services });
  await app.register(robotCallRoutes, { prefix: '/api', ...services });
  await app.register(agentsPlugin, services);
  await app.register(consoleRoutes);
  // The converter's worker is the app's own unless one was handed in.
  if (!deps.voice) app.addHook('onClose', async () => { await services.voice.close(); });
  return app;
}

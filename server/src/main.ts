/**
 * `npm start`: read the configuration, migrate the database, seed the demo enterprise on first
 * run, serve the API, and close cleanly on SIGINT/SIGTERM.
 */
import { join } from 'node:path';
import { createDb, databaseUrlFrom, migrate, redactUrl } from '@waihu/db';
import { buildApp } from './app.js';
import { parseConfig } from './config.js';
import { seedDemo } from './seed.js';
import { buildConsoleIfStale } from './http/console.js';
import { LocalFileStore, sweepExpiredFiles } from './storage/index.js';
import { SecretBox, loadOrCreateKeyFile } from './secrets/box.js';
import { seedDemoCampaign, startDialerWorker } from './dialer/index.js';

/** How often expired files (old import reports) are deleted. */
const SWEEP_EVERY_MS = 3_600_000;

async function main(): Promise<number> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(`配置有误 configuration problems:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}`);
    return 2;
  }
  const config = parsed.config;
  await buildConsoleIfStale();
  const url = config.databaseUrl ?? databaseUrlFrom(process.env);
  console.log(`数据库 database: ${redactUrl(url)} — migrating…`);
  await migrate(url);
  const db = await createDb(url);
  const demo = await seedDemo(db);
  await seedDemoCampaign(db, Date.now());
  const files = new LocalFileStore(join(config.dataDir, 'files'));
  const app = await buildApp({ config, db, files });
  const sweep = (): void => {
    sweepExpiredFiles(db, files, new Date()).then(
      (n) => { if (n > 0) app.log.info({ files: n }, 'expired files deleted'); },
      (e: unknown) => app.log.warn({ err: e }, 'sweeping expired files failed; will retry'),
    );
  };
  const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
  sweeper.unref();
  // The dialer worker: the embedded queue on the database, or BullMQ when REDIS_URL is set.
  const dialer = config.dialer
    ? startDialerWorker({
      config, db, files, secrets: SecretBox.fromKey(config.secretKey ?? loadOrCreateKeyFile(config.dataDir)), log: app.log,
      // The server's robot caller and agents' board: dialer calls transfer to the agents on its SIP port, paced by 发送比例.
      robot: app.robotCaller,
      transferCapacity: (enterpriseId, groupId, ratioPercent) => app.agents.transferCapacity(enterpriseId, groupId, ratioPercent),
    })
    : null;
  let closing = false;
  const close = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(sweeper);
    // No new dials; calls in progress end and are kept before the database closes.
    await dialer?.stop();
    await app.close();
    await db.$disconnect();
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  const address = await app.listen({ host: config.host, port: config.port });
  sweep();
  console.log(`\nWaihu 外呼 API: ${address}   (API docs: ${address}/docs)`);
  if (demo.length > 0) {
    console.log('\n演示账号 demo accounts (shown once; change the passwords):');
    for (const a of demo) console.log(`  ${a.role.padEnd(16)} ${a.login.padEnd(12)} ${a.password}`);
  }
  return 0;
}

main().then((code) => { if (code !== 0) process.exitCode = code; }, (e: unknown) => {
  console.error(e instanceof Error ? `${(e as { code?: string }).code ?? 'ERROR'}: ${e.message}` : e);
  process.exitCode = 1;
});

/** The dialer (issue 7): call tasks, the call queue, the scheduler and its worker, deliveries. */
export { dialerRoutes } from './routes.js';
export { Dialer } from './dialer.js';
export type { DialerOptions, DialerLog, TickResult } from './dialer.js';
export { startDialerWorker } from './worker.js';
export { runDialer } from './runner.js';
export type { RunningDialer } from './runner.js';
export { seedDemoCampaign, DEMO_TASK_NAME } from './demo.js';
export { productionDial, TEST_TRUNK_HOST } from './production-dial.js';
export type { DialFn, DialLead, DialTask, DialContext, AttemptStore } from './types.js';
export { DialerError } from './types.js';
export type { JobQueue, DialJob } from './queue/job-queue.js';

/**
 * The agents' telephony in the server process: the extensions' registrar (`AgentPhones`) on the
 * robot caller's SIP agent — one SIP port for trunks and extensions — with its online/offline
 * events feeding the agents' hub, and the warm-transfer handler each robot call is given (the
 * `RobotTransfers` the robot caller asks for). Started when the server listens (phones must be
 * able to register before any call is placed); tests start it themselves.
 *
 * A call's transfer rings the task's agent group, or, for a test call or a task without one, the
 * group the script's transfer names. The screen pop carries the call's variables (姓名 and the
 * lead's fields) as the lead, the task and the lead ids; the customer's number is in
 * `customer.phone` and never logged here.
 */
import { randomBytes } from 'node:crypto';
import { AgentPhones, Registrar, SipAgent } from '@waihu/dialogs';
import type { HoldAudio, SessionLogger } from '@waihu/dialogs';
import type { Db } from '@waihu/db';
import type { RobotCallLink, RobotCallRequest, RobotSipAgent, RobotTransferHandler, RobotTransfers } from '../calls/robot-caller.js';
import { ApiError } from '../errors.js';
import type { SecretBox } from '../secrets/box.js';
import { ExtensionDirectory } from './extension-directory.js';
import type { AgentHub } from './hub.js';

export interface AgentTelephonyOptions {
  readonly hub: AgentHub;
  /** The unscoped client (the extension table spans enterprises). */
  readonly db: Db;
  readonly secrets: SecretBox;
  /** The process's SIP agent (the robot caller's), started on first use. */
  readonly agent: () => Promise<RobotSipAgent>;
  readonly log?: SessionLogger;
  /** What customers hear while an agent rings (default: the ringback tone). */
  readonly hold?: HoldAudio;
  /** Whole-transfer limit (default 60 s): then the robot resumes and the lead is for a callback. */
  readonly transferLimitMs?: number;
}

export class AgentTelephony implements RobotTransfers {
  readonly directory: ExtensionDirectory;
  private started: Promise<AgentPhones> | null = null;
  private closed = false;

  constructor(private readonly o: AgentTelephonyOptions) {
    this.directory = new ExtensionDirectory({ db: o.db, secrets: o.secrets, ...(o.log ? { log: o.log } : {}) });
  }

  /**
   * Starts the SIP agent (if not yet), loads the extensions and answers their REGISTERs from
   * now on. Idempotent; a failure is thrown to the caller and the next call tries again.
   */
  phones(): Promise<AgentPhones> {
    if (this.closed) return Promise.reject(new ApiError(503, 'SHUTTING_DOWN', 'the server is shutting down', undefined, true));
    this.started ??= this.start().catch((err: unknown) => { this.started = null; throw err; });
    return this.started;
  }

  /** The process's SIP agent (the robot caller's): benchmarks and tests place customer calls on it. */
  sipAgent(): Promise<RobotSipAgent> { return this.o.agent(); }

  /** The SIP port phones register to (after {@link phones}). */
  async sipPort(): Promise<number> {
    const agent = await this.o.agent();
    return agent instanceof SipAgent ? agent.ua.port() : 0;
  }

  private async start(): Promise<AgentPhones> {
    const agent = await this.o.agent();
    if (!(agent instanceof SipAgent)) throw new ApiError(500, 'PHONES_UNAVAILABLE', 'the robot caller has no real SIP agent: extensions cannot register');
    await this.directory.start();
    // Nonces are checked by this process only (one registrar per process): a fresh key per start.
    const registrar = new Registrar({ lookup: this.directory.lookup, secret: randomBytes(32) });
    const hub = this.o.hub;
    const log = this.o.log;
    return AgentPhones.attach({
      agent, registrar, domains: (host) => this.directory.serves(host),
      onEvent: (e) => {
        hub.registrarEvent(e).catch((err: unknown) => log?.warn({ err: String(err), extensionId: e.extensionId }, 'an extension state change was not applied'));
      },
    });
  }

  /** The warm-transfer handler of one robot call. */
  async forCall(req: RobotCallRequest, link: RobotCallLink): Promise<RobotTransferHandler | null> {
    const phones = await this.phones();
    const transfer = await this.o.hub.warmTransfer(req.enterpriseId, phones, {
      ...(this.o.hold ? { hold: this.o.hold } : {}), ...(this.o.log ? { logger: this.o.log } : {}), limitMs: this.o.transferLimitMs ?? 60_000,
    });
    const vars = req.vars ?? {};
    return transfer.forCall({
      // Read when the transfer starts: by then the call is placed and has its Call-ID.
      get callRef() { return link.callRef(); },
      groupId: req.agentGroupId != null ? String(req.agentGroupId) : null,
      customer: link.customer,
      customerName: vars['姓名'] ?? null,
      lead: vars,
      taskId: req.taskId != null ? String(req.taskId) : null,
      leadId: req.leadId != null ? String(req.leadId) : null,
    });
  }

  /**
   * 监听: rings the leader's extension and, once answered, plays them a receive-only mix of the
   * agent's bridged call until either call ends. Resolves when the leader's phone is ringing;
   * refuses with 409 AGENT_NOT_ON_CALL, LISTENER_NO_PHONE or LISTENER_OFFLINE (no registration).
   */
  async listenIn(enterpriseId: number, agentUserId: number, leaderUserId: number): Promise<void> {
    const board = await this.o.hub.board(enterpriseId);
    const agent = board.agent(String(agentUserId));
    if (!agent || agent.status !== 'talking') throw new ApiError(409, 'AGENT_NOT_ON_CALL', 'the agent is not on a call now');
    const leader = board.agent(String(leaderUserId));
    if (!leader?.extensionId) throw new ApiError(409, 'LISTENER_NO_PHONE', 'you have no extension to listen on: bind one to your account (分机管理)');
    const phones = await this.phones();
    const transfer = await this.o.hub.warmTransfer(enterpriseId, phones);
    if (!transfer.isBridged(String(agentUserId))) throw new ApiError(409, 'AGENT_NOT_ON_CALL', 'the agent is not on a transferred call');
    let call;
    try {
      call = await phones.call(leader.extensionId, { callerId: `listen-${agentUserId}`, ringTimeoutMs: 30_000 });
    } catch (err) {
      throw new ApiError(409, 'LISTENER_OFFLINE', `your phone cannot be rung: ${(err as { code?: string }).code ?? String(err)}`);
    }
    void transfer.listenIn(String(agentUserId), call).catch((err: unknown) => this.o.log?.warn({ err: String(err), agentUserId }, 'listen-in failed'));
  }

  /** Stops taking REGISTERs (bindings are forgotten with the process). */
  async close(): Promise<void> {
    this.closed = true;
    this.directory.stop();
    const phones = await this.started?.catch(() => null);
    phones?.close();
  }
}

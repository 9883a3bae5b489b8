/**
 * The extensions (分机) the registrar knows, in memory: its lookup is synchronous (a pure core,
 * see dialogs' registrar), so the server keeps every enabled extension of every enabled
 * enterprise here — its SIP user (the extension number), its secret unsealed, the enterprise —
 * and reloads the table on a timer, when asked (an extension was added or changed) and, at most
 * once per `missReloadMs`, when a phone names an extension the table does not have (so a phone
 * set up a moment ago registers on its next try instead of after the timer).
 *
 * An enterprise's SIP domain is its 企业账号 in lower case (`sip:8001@acme`): phones and the
 * browser softphone register as `<number>@<domain>`; the registrar's extension id is
 * `String(Extension.id)`, its enterprise id `String(Enterprise.id)`.
 */
import type { Db } from '@waihu/db';
import type { ExtensionAccount } from '@waihu/dialogs';
import type { SecretBox } from '../secrets/box.js';

/** The SIP domain an enterprise's extensions register in. */
export function extensionDomain(enterpriseAccount: string): string {
  return enterpriseAccount.toLowerCase();
}

export interface DirectoryLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ExtensionDirectoryOptions {
  /** The unscoped client: the directory spans every enterprise. */
  readonly db: Db;
  readonly secrets: SecretBox;
  /** Full reload period (default 30 s). */
  readonly reloadMs?: number;
  /** Shortest time between reloads caused by unknown extensions (default 2 s). */
  readonly missReloadMs?: number;
  readonly now?: () => number;
  readonly log?: DirectoryLogger;
}

export class ExtensionDirectory {
  /** domain → user → account */
  private table = new Map<string, Map<string, ExtensionAccount>>();
  private loading: Promise<void> | null = null;
  private lastMissReload = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;

  constructor(private readonly o: ExtensionDirectoryOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Loads the table now and then every `reloadMs`. */
  async start(): Promise<void> {
    await this.reload();
    if (this.timer === null) {
      this.timer = setInterval(() => { void this.reload(); }, this.o.reloadMs ?? 30_000);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Whether `host` is one of the enterprises' SIP domains (the registrar takes its REGISTERs). */
  serves(host: string): boolean {
    const ours = this.table.has(host.toLowerCase());
    if (!ours) this.missed();
    return ours;
  }

  /** The registrar's `lookup`. */
  readonly lookup = (domain: string, user: string): ExtensionAccount | null => {
    const found = this.table.get(domain.toLowerCase())?.get(user) ?? null;
    if (found === null) this.missed();
    return found;
  };

  /** A phone named what the table lacks: reload soon (at most once per `missReloadMs`). */
  private missed(): void {
    if (this.now() - this.lastMissReload < (this.o.missReloadMs ?? 2_000)) return;
    this.lastMissReload = this.now();
    void this.reload();
  }

  /** Re-reads every enabled extension (one query; concurrent calls share it). */
  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => { this.loading = null; });
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const rows = await this.o.db.extension.findMany({
        where: { enabled: true, enterprise: { disabled: false } },
        select: { id: true, number: true, sipPassword: true, enterpriseId: true, enterprise: { select: { account: true } } },
      });
      const next = new Map<string, Map<string, ExtensionAccount>>();
      for (const r of rows) {
        let password: string;
        try {
          password = this.o.secrets.open(r.sipPassword);
        } catch {
          // Sealed with another key: the extension cannot authenticate until its secret is reset.
          this.o.log?.warn({ extensionId: r.id }, 'an extension secret does not open; reset it to let the phone register');
          continue;
        }
        const domain = extensionDomain(r.enterprise.account);
        let users = next.get(domain);
        if (!users) next.set(domain, (users = new Map()));
        users.set(r.number, { extensionId: String(r.id), enterpriseId: String(r.enterpriseId), password });
      }
      this.table = next;
    } catch (err) {
      this.o.log?.warn({ err: String(err) }, 'loading the extensions failed; the previous table stays');
    }
  }
}

/**
 * Secrets the server must be able to read back (a trunk's SIP password, an extension's digest
 * secret, a speech provider's SecretKey), sealed at rest with AES-256-GCM: a copied database
 * alone does not give them away, and a tampered value fails to open instead of being used.
 *
 * The key comes from SECRET_KEY (32 bytes, base64 or hex) or, by default, from the file
 * `secret.key` in the data folder, created on first start with mode 0600. Losing the key
 * loses the sealed values (they must be entered again), never the rest of the data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that cannot be opened: wrong key, or altered. Not retryable. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
  readonly code = 'SECRET_UNREADABLE';
  readonly retryable = false;
}

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** A box over a 32-byte key. */
  static fromKey(key: Uint8Array): SecretBox {
    if (key.length !== 32) throw new RangeError(`a secret key has 32 bytes, not ${key.length}`);
    return new SecretBox(Buffer.from(key));
  }

  /** A box with a fresh random key (tests). */
  static random(): SecretBox {
    return new SecretBox(randomBytes(32));
  }

  /** `v1:` + base64(iv | tag | ciphertext). */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith(`${VERSION}:`)) throw new SecretBoxError('not a sealed value');
    const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('sealed value too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('the sealed value does not open with this key (another SECRET_KEY, or altered)');
    }
  }
}

/** Reads SECRET_KEY's text as 32 bytes (base64 or 64 hex digits); null if it is neither. */
export function parseSecretKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  return b.length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(t) ? b : null;
}

/** The key in `dataDir/secret.key`, created (0600) when missing. */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const key = parseSecretKey(readFileSync(file, 'utf8'));
    if (!key) throw new SecretBoxError(`${file} does not hold a 32-byte key (base64 or hex)`);
    return key;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

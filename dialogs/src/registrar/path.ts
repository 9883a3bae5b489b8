/**
 * The Path header (RFC 3327) of a REGISTER: the proxies between a phone and the registrar that
 * requests to the phone must pass through. The browser softphone's edge (Kamailio, SIP over
 * WebSocket) adds itself with the browser's WebSocket flow as `received`; requests to the
 * binding then carry the Path as their Route set and leave on that flow.
 *
 * Two rules keep it safe and standard:
 *  - support must be declared (`Supported: path` or `Require: path`): a registrar that needs
 *    the Path to reach a phone refuses it otherwise with 421 (RFC 3327 §5.3);
 *  - the first Path hop must be the host the REGISTER came from: requests to the binding go to
 *    that hop, and an authenticated phone must not point our INVITEs at a third party.
 */
import { parseNameAddrList, parseTokenList, formatNameAddr, type SipRequest } from '../sip/index.js';
import { registrarRefusal, type RegistrarRefusal } from './refusals.js';
import type { RegistrationSource } from './types.js';

/** The option tag of RFC 3327. */
export const PATH_OPTION_TAG = 'path';

/** A REGISTER's Path: the values to store (in order, as Route values) and whether to echo them. */
export type PathReading =
  | { ok: true; path: string[]; supported: boolean }
  | { ok: false; refusal: RegistrarRefusal; /** Headers for the refusal (Require: path with 421). */ headers: [string, string][] };

/** Reads and checks the Path of `request`, which came from `source`. */
export function readPath(request: SipRequest, source: RegistrationSource): PathReading {
  const supported = declaresPath(request);
  const fields = request.headers.getAll('Path');
  if (fields.length === 0) return { ok: true, path: [], supported };
  const parsed = parseNameAddrList(fields, 'Path');
  if (!parsed.ok) return refuse(registrarRefusal('BAD_REQUEST', `Path: ${parsed.error.detail}`));
  if (parsed.value.length === 0) return { ok: true, path: [], supported };
  if (!supported) return refuse(registrarRefusal('PATH_NOT_SUPPORTED', 'Path without Supported: path'), [['Require', PATH_OPTION_TAG]]);
  for (const [i, hop] of parsed.value.entries()) {
    if (!hop.uri.params.has('lr')) return refuse(registrarRefusal('BAD_REQUEST', `Path hop ${i + 1} (${hop.uri.host}) is not a loose router (no ;lr)`));
  }
  const first = parsed.value[0]!.uri;
  // Hosts only: over TCP the proxy's source port is an ephemeral one, not the port it names.
  if (unbracket(first.host).toLowerCase() !== unbracket(source.address).toLowerCase()) {
    return refuse(registrarRefusal('PATH_MISMATCH', `first Path hop ${first.host} is not the REGISTER's source ${source.address}`));
  }
  return { ok: true, path: parsed.value.map(formatNameAddr), supported };
}

/** Whether the request lists `path` in Supported or Require. */
function declaresPath(request: SipRequest): boolean {
  for (const header of ['Supported', 'Require']) {
    const tags = parseTokenList(request.headers.getAll(header), header);
    if (tags.ok && tags.value.some((t) => t.toLowerCase() === PATH_OPTION_TAG)) return true;
  }
  return false;
}

function refuse(refusal: RegistrarRefusal, headers: [string, string][] = []): PathReading {
  return { ok: false, refusal, headers };
}

function unbracket(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

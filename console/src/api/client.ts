/**
 * The typed API client: fetch with the session cookie (httpOnly, so the browser sends it and no
 * script ever reads it), JSON in and out, and every failure turned into an {@link ApiError} with
 * the server's stable code, so pages decide on codes and never on message text.
 */

/** A failed request as the server describes it: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** Called on a 401 from anything but the login itself: the session ended, go back to login. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

type Query = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;

/** `path?query` with empty values left out and arrays repeated (grade=A&grade=B), as the API expects. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v as readonly (string | number)[]) q.append(k, String(x));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The error a non-2xx answer carries; a body that is not our JSON still gets a code. */
export async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // a proxy's HTML page or an empty body: fall through to the status
  }
  const e = (body as { error?: { code?: string; message?: string; details?: unknown; retryable?: boolean } } | null)?.error;
  if (e?.code) return new ApiError(res.status, e.code, e.message ?? e.code, e.details, e.retryable ?? false);
  return new ApiError(res.status, `HTTP_${res.status}`, res.statusText || `HTTP ${res.status}`, undefined, res.status >= 500);
}

async function send(method: string, path: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { method, credentials: 'same-origin', ...init });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'network error', undefined, true);
  }
  if (!res.ok) {
    const err = await errorOf(res);
    // Asking who we are is how the console learns it is logged out: not a lost session.
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') onUnauthenticated();
    throw err;
  }
  return res;
}

/** A JSON request; `undefined` for 204. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await send(method, path, init);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query): Promise<T> => api<T>('GET', withQuery(path, query));

/** A multipart upload (the file under `file`, plus text fields). */
export async function upload<T>(path: string, file: Blob, fileName: string, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, fileName);
  const res = await send('POST', path, { body: form });
  return (await res.json()) as T;
}

/**
 * A multipart upload that reports how much was sent (XHR: fetch cannot report upload progress),
 * for imports of large lead batches.
 */
export function uploadWithProgress<T>(path: string, file: Blob, fileName: string, fields: Record<string, string>, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, fileName);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (ev) => { if (ev.lengthComputable) onProgress(ev.loaded, ev.total); };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error', undefined, true));
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: { 'content-type': 'application/json' } });
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as T);
      else void errorOf(res).then((e) => { if (xhr.status === 401) onUnauthenticated(); reject(e); });
    };
    xhr.send(form);
  });
}

/** The file name a download's Content-Disposition names (RFC 5987 `filename*` first). */
export function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}

/** Downloads a file through fetch (so errors show as errors, not as a broken page) and saves it. */
export async function download(path: string, fallbackName: string): Promise<string> {
  const res = await send('GET', path, {});
  const blob = await res.blob();
  const name = fileNameOf(res, fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

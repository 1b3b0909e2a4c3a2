// The one way the web apps talk to the server: JSON over fetch with the session cookie, errors as ApiError.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export type RequestOptions = {
  query?: Query;
  body?: unknown;
  /** Set when a 401 is an expected answer (login form, session probe) rather than "the session ended". */
  quietUnauthenticated?: boolean;
  headers?: Record<string, string>;
};

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Login, setup, invitation acceptance and /me return the token state-changing requests must echo. */
export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone during ordinary use (the app then shows the login page). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network_error", "Network error: the server could not be reached");
  }
  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);
  if (!response.ok) throw toApiError(response.status, payload, options);
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: "bad_response", message: text.slice(0, 200) } };
  }
}

function toApiError(status: number, payload: unknown, options: RequestOptions): ApiError {
  const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const code = error?.code ?? `http_${status}`;
  if (status === 401 && code === "unauthenticated" && !options.quietUnauthenticated) onUnauthenticated?.();
  return new ApiError(status, code, error?.message ?? `HTTP ${status}`, error?.details);
}

export const api = {
  get: <T>(path: string, query?: Query, options?: RequestOptions) =>
    apiRequest<T>("GET", path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>("POST", path, { ...options, body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>("PATCH", path, { body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>("PUT", path, { body }),
  delete: <T = void>(path: string) => apiRequest<T>("DELETE", path),
};

/** Downloads a file through fetch (so the session cookie applies) and hands it to the browser. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { credentials: "same-origin" });
  if (!response.ok) throw toApiError(response.status, await readJson(response), {});
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/** Just enough of an API client to arrange data for a browser flow the way a real integrator would. */

export type StaffSession = { cookie: string; csrfToken: string; merchantId: string; slug: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} → ${status} ${JSON.stringify(body)}`);
  }
}

async function call<T>(
  baseUrl: string,
  method: string,
  url: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ body: T; headers: Headers; status: number }> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as T) : (undefined as T);
  if (!res.ok) throw new ApiError(res.status, body, `${method} ${url}`);
  return { body, headers: res.headers, status: res.status };
}

const cookieHeader = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

type Me = { csrfToken: string; merchant: { id: string; slug: string } };

/** First-run setup on the empty database: creates the shop and its owner, signed in. */
export async function setupShop(
  baseUrl: string,
  shop: { name: string; slug: string; timeZone?: string },
  owner = { name: "店长", email: "owner@example.com", password: "correct horse battery" },
): Promise<StaffSession & { owner: typeof owner }> {
  const { body, headers } = await call<Me>(baseUrl, "POST", "/api/setup", { body: { shop, owner } });
  return {
    cookie: cookieHeader(headers),
    csrfToken: body.csrfToken,
    merchantId: body.merchant.id,
    slug: body.merchant.slug,
    owner,
  };
}

/** Signs a staff member in with email (or phone) and password. */
export async function loginStaff(baseUrl: string, login: string, password: string): Promise<StaffSession> {
  const { body, headers } = await call<Me>(baseUrl, "POST", "/api/auth/login", { body: { login, password } });
  return {
    cookie: cookieHeader(headers),
    csrfToken: body.csrfToken,
    merchantId: body.merchant.id,
    slug: body.merchant.slug,
  };
}

/** A request as a signed-in staff member (cookie + CSRF header). */
export async function staffRequest<T>(
  baseUrl: string,
  session: StaffSession,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  const headers = { cookie: session.cookie, "x-csrf-token": session.csrfToken };
  return (await call<T>(baseUrl, method, url, { body, headers })).body;
}

export async function createApiKey(baseUrl: string, session: StaffSession, name = "browser tests") {
  const { key } = await staffRequest<{ key: string }>(baseUrl, session, "POST", "/api/v1/api-keys", { name });
  return key;
}

/** A request with an API key, as the POS would make it. */
export async function keyRequest<T>(
  baseUrl: string,
  apiKey: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  return (await call<T>(baseUrl, method, url, { body, headers: { authorization: `Bearer ${apiKey}` } })).body;
}

export type OrderInput = {
  externalId: string;
  customer?:
    | { id: string }
    | { externalId: string; name?: string; phone?: string }
    | { phone: string; name?: string };
  store?: { id: string } | { code: string };
  placedAt: string;
  items: {
    sku: string;
    name: string;
    category?: string;
    quantity: number;
    unitPrice: number;
    discount?: number;
  }[];
  discount?: number;
  total?: number;
  note?: string;
};

export type CreatedOrder = { id: string; externalId: string; customerId: string | null; total: number };

export function createOrder(baseUrl: string, apiKey: string, order: OrderInput): Promise<CreatedOrder> {
  return keyRequest<CreatedOrder>(baseUrl, apiKey, "POST", "/api/v1/orders", order);
}

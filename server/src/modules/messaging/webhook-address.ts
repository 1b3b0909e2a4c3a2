import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { AppError } from "../../errors.js";

/** IPv4 ranges a webhook may not reach: this network, private, loopback, CGNAT, link-local, multicast, reserved. */
const blockedV4: [number, number][] = [
  [0x00000000, 8], // 0.0.0.0/8 (unspecified, "this network")
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 CGNAT
  [0x7f000000, 8], // 127/8 loopback
  [0xa9fe0000, 16], // 169.254/16 link-local (cloud metadata)
  [0xac100000, 12], // 172.16/12
  [0xc0000000, 24], // 192.0.0/24 protocol assignments
  [0xc0a80000, 16], // 192.168/16
  [0xc6120000, 15], // 198.18/15 benchmarking
  [0xe0000000, 4], // 224/4 multicast
  [0xf0000000, 4], // 240/4 reserved, broadcast
];

function parseV4(address: string): number | null {
  const parts = address.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

const inV4Range = (n: number, [base, bits]: [number, number]) =>
  Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits));

/** The 16 bytes of an IPv6 address (with an optional dotted IPv4 tail), or null when it is not one. */
function parseV6(address: string): number[] | null {
  const text = address.replace(/%.*$/, "").toLowerCase();
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseV4(piece);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) out.push(Number.parseInt(piece, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function isPublicV4(n: number): boolean {
  return !blockedV4.some((range) => inV4Range(n, range));
}

function isPublicV6(bytes: number[]): boolean {
  const [b0 = 0, b1 = 0] = bytes;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const embeddedV4 = () =>
    (((bytes[12] ?? 0) * 256 + (bytes[13] ?? 0)) * 256 + (bytes[14] ?? 0)) * 256 + (bytes[15] ?? 0);
  // ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped): judge the IPv4 inside.
  if (zeros(0, 12)) return embeddedV4() > 1 && isPublicV4(embeddedV4());
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return isPublicV4(embeddedV4());
  // 64:ff9b::/96 NAT64 carries an IPv4 address too.
  if (b0 === 0 && b1 === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) {
    return isPublicV4(embeddedV4());
  }
  if ((b0 & 0xfe) === 0xfc) return false; // fc00::/7 unique local
  if (b0 === 0xfe && (b1 & 0xc0) === 0x80) return false; // fe80::/10 link-local
  if (b0 === 0xfe && (b1 & 0xc0) === 0xc0) return false; // fec0::/10 old site-local
  if (b0 === 0xff) return false; // ff00::/8 multicast
  return true;
}

/** Whether an IP address (v4 or v6, mapped forms included) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address.replace(/%.*$/, ""));
  if (family === 4) {
    const n = parseV4(address);
    return n !== null && isPublicV4(n);
  }
  if (family === 6) {
    const bytes = parseV6(address);
    return bytes !== null && isPublicV6(bytes);
  }
  return false;
}

export type WebhookTarget = { url: URL; address: string; family: 4 | 6 };

export type WebhookRefusal = "scheme" | "credentials" | "private_address" | "unresolvable";

const refuse = (reason: WebhookRefusal, message: string, extra: Record<string, unknown> = {}) =>
  new AppError("webhook_url_not_public", message, { field: "webhookUrl", reason, ...extra });

/** The URL's form alone: http(s), no user or password in it. Throws webhook_url_not_public. */
export function checkWebhookUrlForm(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("scheme", "The webhook URL is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse("scheme", "The webhook URL must be http or https");
  }
  if (url.username || url.password) {
    throw refuse("credentials", "The webhook URL must not carry a user name or password");
  }
  return url;
}

/**
 * Resolves the webhook's host and checks every address it resolves to; answers the one address to
 * connect to, so the request goes where the check looked (no second look-up to rebind). With
 * allowPrivate (an operator setting for self-hosted senders) private targets pass.
 */
export async function resolveWebhookTarget(
  raw: string,
  options: { allowPrivate: boolean; resolve?: typeof lookup },
): Promise<WebhookTarget> {
  const url = checkWebhookUrlForm(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (options.resolve ?? lookup)(host, { all: true, verbatim: true });
    } catch {
      throw refuse("unresolvable", `The webhook host ${host} does not resolve`, { host });
    }
    if (addresses.length === 0)
      throw refuse("unresolvable", `The webhook host ${host} does not resolve`, { host });
  }
  if (!options.allowPrivate) {
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) {
      throw refuse(
        "private_address",
        `The webhook host resolves to a non-public address (${blocked.address})`,
        {
          host,
          address: blocked.address,
        },
      );
    }
  }
  const chosen = addresses[0] as { address: string; family: number };
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

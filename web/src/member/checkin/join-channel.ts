/**
 * The `?channel=` of the join link a member opened (a poster's or an ad's), sent with the login so
 * the new-member gift can count it as a channel join. Anything the server would refuse is dropped.
 */
export function joinChannelOf(search: string): string | undefined {
  const channel = new URLSearchParams(search).get("channel")?.trim();
  return channel && /^[A-Za-z0-9_-]{1,40}$/.test(channel) ? channel : undefined;
}

import type { Translate } from "./locale-context";
import { type MessageKey, zh } from "./zh-cn";

/** Translates values that come from the server (event types, identity kinds) when we know them, else shows them as they are. */
export function translateKnown(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return key in zh ? t(key as MessageKey) : value;
}

// Pickup codes as staff type them, and the store this phone verifies at (kept between visits).

/** Digits only: members read the code in groups, staff may type spaces or dashes. */
export const digitsOfCode = (typed: string) => typed.replace(/\D/g, "");

/** "123456789012" → "1234 5678 9012", the way members see it. */
export const groupCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, "$1 ");

/**
 * The last minute an exchange can be picked up: expiresAt is the local midnight that ends the
 * period, which reads better as "12-06 23:59" than as "12-07 00:00".
 */
export const lastPickupMoment = (expiresAt: string) => new Date(Date.parse(expiresAt) - 60_000).toISOString();

export const isCompleteCode = (digits: string) => /^\d{12}$/.test(digits);

const storeKey = "quanzi.mall.verifyStore";

export function storedVerifyStore(): string | null {
  try {
    return localStorage.getItem(storeKey);
  } catch {
    return null;
  }
}

export function storeVerifyStore(id: string): void {
  try {
    localStorage.setItem(storeKey, id);
  } catch {
    // the choice then lasts for this visit only
  }
}

/** 13800000001 → 138****0001, so a shoulder-surfer sees less. */
export function maskPhone(phone: string | null): string {
  if (!phone) return "";
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

import type { Gender, MemberProfile, ProfileChanges } from "./member-api";

/** The profile form's values: the date picker works in Dates, the gender selector in arrays. */
export type ProfileFields = {
  name: string;
  gender: Gender[];
  birthday: Date | null;
  province: string;
  city: string;
  district: string;
  email: string;
};

const textFields = ["name", "province", "city", "district", "email"] as const;

/** "1990-05-17" ↔ a local-midnight Date, so no time zone shifts the day. */
export function parseBirthday(value: string | null): Date | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

export function formatBirthday(date: Date | null): string | null {
  if (!date) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function toProfileFields(member: MemberProfile): ProfileFields {
  return {
    name: member.name ?? "",
    gender: member.gender && member.gender !== "unknown" ? [member.gender] : [],
    birthday: parseBirthday(member.birthday),
    province: member.province ?? "",
    city: member.city ?? "",
    district: member.district ?? "",
    email: member.email ?? "",
  };
}

/** Only what the member changed; a cleared field becomes null. */
export function profileChanges(member: MemberProfile, fields: ProfileFields): ProfileChanges {
  const changes: ProfileChanges = {};
  for (const key of textFields) {
    const value = (fields[key] ?? "").trim();
    if (value !== (member[key] ?? "")) changes[key] = value === "" ? null : value;
  }
  const gender = fields.gender[0] ?? null;
  if (gender !== null && gender !== member.gender) changes.gender = gender;
  const birthday = formatBirthday(fields.birthday);
  if (birthday !== member.birthday) changes.birthday = birthday;
  return changes;
}

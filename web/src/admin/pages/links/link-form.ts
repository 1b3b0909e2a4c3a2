import type { ShortLink, ShortLinkInput, ShortLinkUtm } from "../../../shared/api-types";

export const utmFields = ["source", "medium", "campaign", "term", "content"] as const;

export type LinkFormValues = {
  title: string;
  target: string;
  utm: Record<(typeof utmFields)[number], string>;
  expiresAt: string | null;
  /** A new password; empty keeps the current one (on edit) or sets none (on create). */
  password: string;
  removePassword: boolean;
};

export function emptyLinkValues(): LinkFormValues {
  return {
    title: "",
    target: "",
    utm: { source: "", medium: "", campaign: "", term: "", content: "" },
    expiresAt: null,
    password: "",
    removePassword: false,
  };
}

export function valuesOfLink(link: ShortLink): LinkFormValues {
  const utm = emptyLinkValues().utm;
  for (const key of utmFields) utm[key] = link.utm[key] ?? "";
  return {
    title: link.title,
    target: link.target,
    utm,
    expiresAt: link.expiresAt,
    password: "",
    removePassword: false,
  };
}

/** The API body: empty UTM fields left out; the password only when set or removed. */
export function inputOfLinkValues(values: LinkFormValues, editing: boolean): ShortLinkInput {
  const utm: ShortLinkUtm = {};
  for (const key of utmFields) {
    const value = values.utm[key]?.trim();
    if (value) utm[key] = value;
  }
  const input: ShortLinkInput = {
    title: values.title.trim(),
    target: values.target.trim(),
    utm,
    expiresAt: values.expiresAt,
  };
  if (values.removePassword && editing) input.password = null;
  else if (values.password) input.password = values.password;
  return input;
}

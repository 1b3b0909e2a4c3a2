import { createContext, useContext } from "react";
import type { MemberApi, MemberProfile, MemberShop } from "./member-api";

/** The shop whose page this is, the signed-in member (null before login) and the API bound to the shop. */
export type MemberSession = {
  shop: MemberShop;
  api: MemberApi;
  member: MemberProfile | null;
  setMember(member: MemberProfile | null): void;
};

export const MemberSessionContext = createContext<MemberSession | null>(null);

export function useMemberSession(): MemberSession {
  const session = useContext(MemberSessionContext);
  if (!session) throw new Error("useMemberSession outside MemberApp");
  return session;
}

export function useSignedInMember(): MemberSession & { member: MemberProfile } {
  const session = useMemberSession();
  if (!session.member) throw new Error("useSignedInMember before login");
  return session as MemberSession & { member: MemberProfile };
}

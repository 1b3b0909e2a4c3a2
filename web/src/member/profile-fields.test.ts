import { describe, expect, it } from "vitest";
import type { MemberProfile } from "./member-api";
import { formatBirthday, parseBirthday, profileChanges, toProfileFields } from "./profile-fields";

const member: MemberProfile = {
  id: "c1",
  name: "张三",
  phone: "13800000001",
  gender: "male",
  birthday: "1990-05-17",
  province: "浙江省",
  city: "杭州市",
  district: null,
  email: null,
};

describe("birthday fields", () => {
  it.each(["1990-05-17", "2000-02-29", "1920-01-01", "2026-12-31"])(
    "round-trips %s through the date picker",
    (day) => {
      expect(formatBirthday(parseBirthday(day))).toBe(day);
    },
  );

  it.each([null, "", "17/05/1990", "1990-5-17"])("reads %s as no birthday", (value) => {
    expect(parseBirthday(value)).toBeNull();
  });
});

describe("profileChanges", () => {
  it("sends nothing when nothing changed", () => {
    expect(profileChanges(member, toProfileFields(member))).toEqual({});
  });

  it("sends only the fields the member changed, trimmed", () => {
    const fields = {
      ...toProfileFields(member),
      name: "  张小三 ",
      district: "西湖区",
      gender: ["female" as const],
    };
    expect(profileChanges(member, fields)).toEqual({ name: "张小三", district: "西湖区", gender: "female" });
  });

  it("turns a cleared field into null", () => {
    const fields = { ...toProfileFields(member), city: "  ", birthday: null };
    expect(profileChanges(member, fields)).toEqual({ city: null, birthday: null });
  });

  it("sends a newly picked birthday as YYYY-MM-DD", () => {
    const fields = { ...toProfileFields(member), birthday: new Date(1991, 0, 2) };
    expect(profileChanges(member, fields)).toEqual({ birthday: "1991-01-02" });
  });

  it("shows an unknown gender as no choice", () => {
    expect(toProfileFields({ ...member, gender: "unknown" }).gender).toEqual([]);
  });
});

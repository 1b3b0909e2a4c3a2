import type { Customer } from "./schemas.js";
import { customers } from "./tables.js";

/** The columns of a customer the API shows (no tenant or merge bookkeeping). */
export const customerColumns = {
  id: customers.id,
  name: customers.name,
  phone: customers.phone,
  externalId: customers.externalId,
  email: customers.email,
  gender: customers.gender,
  birthday: customers.birthday,
  province: customers.province,
  city: customers.city,
  district: customers.district,
  occupation: customers.occupation,
  sourceChannel: customers.sourceChannel,
  note: customers.note,
  attributes: customers.attributes,
  joinedAt: customers.joinedAt,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
} satisfies Record<keyof Customer, unknown>;

import { z } from 'zod';
import type { Assurance, VerifiedBy } from '../identity/assurance';
import { type Language, LANGUAGES } from '../language/language';

export const PROVENANCE_SOURCES = ['web_form', 'campaign', 'import', 'bot', 'admin'] as const;

/** Where we got this person's details: the truthful answer to "where did you get my number?". */
export const provenanceSchema = z.strictObject({
  source: z.enum(PROVENANCE_SOURCES),
  campaign: z.string().trim().min(1).max(120).nullable().default(null),
  collectedAt: z.coerce.date(),
  /** Free text shown to the person, e.g. "the contact form on example.com/ofertas". */
  detail: z.string().trim().min(1).max(300).nullable().default(null),
});
export type Provenance = z.output<typeof provenanceSchema>;

/** Present when the person is already our customer: they get service, never an acquisition pitch. */
export const customerRelationSchema = z.strictObject({
  since: z.coerce.date().nullable().default(null),
  /** The last interaction with us as a customer; Spanish legitimate interest for upsell lapses 12 months after. */
  lastInteractionAt: z.coerce.date().nullable().default(null),
  products: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
});
export type CustomerRelation = z.output<typeof customerRelationSchema>;

/**
 * A person we may call. A record exists once we know the phone number (E.164, unique); channel
 * accounts (Web Chat user ids, Teams ids, WhatsApp numbers) link to it in `channel_accounts`.
 */
export interface PersonDocument {
  _id: string;
  phoneE164: string;
  /** IANA zone the person stated, or that the number implies; null when unknown. */
  timeZone: string | null;
  /** Subdivision for regional holidays, e.g. "MD" (Comunidad de Madrid); null when unknown. */
  region: string | null;
  language: Language | null;
  existingCustomer: boolean;
  customer: CustomerRelation | null;
  provenance: Provenance;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChannelAccountDocument {
  /** "<channelId>:<account id>" */
  _id: string;
  personId: string;
  channelId: string;
  accountId: string;
  linkedAt: Date;
  /** Claimed: the number was typed on this account. Verified: the channel or a one-time code proved it. Absent on old links: claimed. */
  assurance?: Assurance;
  verifiedBy?: VerifiedBy | null;
}

export function channelAccountKey(channelId: string, accountId: string): string {
  return `${channelId}:${accountId}`;
}

/**
 * A person as read back from the database. Nullable fields default to null because FerretDB 1.24
 * drops null values written through $setOnInsert, so "unknown" may come back as a missing field.
 */
export const personDocumentSchema = z.object({
  _id: z.string(),
  phoneE164: z.string(),
  timeZone: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  region: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  language: z
    .enum(LANGUAGES)
    .nullish()
    .transform((v) => v ?? null),
  existingCustomer: z.boolean().default(false),
  customer: customerRelationSchema.nullish().transform((v) => v ?? null),
  provenance: provenanceSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
});

export function personFromDocument(document: unknown): PersonDocument {
  return personDocumentSchema.parse(document);
}

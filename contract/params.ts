import * as v from 'valibot';
import { SITE_ID_PATTERN } from './site.js';

/**
 * The path and query parameters of the API, validated on the routes: a malformed one never
 * reaches a handler or the database.
 */

export const SiteIdSchema = v.pipe(
  v.string(),
  v.regex(SITE_ID_PATTERN, 'a site id is lowercase letters, digits and hyphens, 2 to 63 characters'),
);

/** A published notice version: 1 to 999,999,999, written without leading zeros. */
export const NoticeVersionSchema = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,8}$/, 'not a notice version number'),
  v.transform(Number),
);

/** Receipt and token ids are `crypto.randomUUID()`: lowercase hex in 8-4-4-4-12 groups. */
export const LowercaseUuidSchema = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not an id'),
);

/** A section's anchor in a notice, as the compiler makes them. */
export const SectionParamSchema = v.object({
  section: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'not a section id')),
});

export const SiteParamSchema = v.object({ site: SiteIdSchema });
export const NoticeVersionParamSchema = v.object({ version: NoticeVersionSchema });
export const NoticeDiffParamSchema = v.object({ version: NoticeVersionSchema, other: NoticeVersionSchema });
export const ReceiptIdParamSchema = v.object({ receiptId: LowercaseUuidSchema });
export const TokenIdParamSchema = v.object({ id: LowercaseUuidSchema });

/** `?format=json|kantara` and `?download` on a visitor's receipt; anything else is ignored. */
export const ReceiptViewQuerySchema = v.object({
  format: v.optional(v.string()),
  download: v.optional(v.string()),
});

/** The audit log: one site's entries (or every one an admin may see), a page before a sequence number. */
export const AuditQuerySchema = v.object({
  site: v.optional(SiteIdSchema),
  before: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,12}$/, 'not a sequence number'), v.transform(Number))),
});

/** The admin page's own files: its script and its style sheet, nothing else from the assets. */
export const AdminAssetParamSchema = v.object({
  file: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]+\.(js|css)$/, 'not an admin file')),
});

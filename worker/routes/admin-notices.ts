import { Hono } from 'hono';
import { PreviewRequestSchema, PublishRequestSchema, type PublishPreview } from '../../contract/admin.js';
import { canonicalJson, sha256Hex } from '../../contract/canonical.js';
import { missingItems } from '../../contract/notice-checklist.js';
import type { ContactPoint, NoticeDiff, NoticeDocument, NoticeVersion, SectionChange } from '../../contract/notice.js';
import { compileNotice, cookieRevisionOf } from '../../notices/compiler/index.js';
import { fail } from '../errors.js';
import type { AdminEnv } from '../middleware/admin-auth.js';
import { knownSite } from '../middleware/known-site.js';
import { limitBody, valid, validJson } from '../middleware/validate.js';
import { noticeDiff, wordDiff } from '../notice-diff.js';
import { appendAudit } from '../storage/audit.js';
import { findNoticeWithSource, listNoticeHistory, type NoticeWithSource } from '../storage/notice-history.js';
import { insertNotice, noticeTimeFor } from '../storage/notices.js';
import { NoticeDiffParamSchema, NoticeVersionParamSchema } from '../../contract/params.js';

const INVALID_VERSION = { code: 'invalid_version', message: 'That is not a notice version number.' };

async function requireVersion(db: D1Database, site: string, version: number): Promise<NoticeWithSource> {
  const notice = await findNoticeWithSource(db, site, version);
  if (!notice) fail(404, 'notice_not_found', `The site "${site}" has no notice version ${version}.`);
  return notice;
}

/** The facts as lines of text, so that a change to them can be shown word by word. */
function factsText(document: NoticeDocument): string {
  const { facts } = document;
  const contact = (point: ContactPoint) =>
    [point.name, point.role, point.address, point.email, point.phone, point.url].filter(Boolean).join(', ');
  return [
    `Controller: ${contact(facts.controller)}`,
    ...(facts.dpo ? [`Data protection officer: ${contact(facts.dpo)}`] : []),
    ...facts.complaints.map((point) => `Complaints: ${contact(point)}`),
    ...facts.purposes.map((item) => `Purpose: ${item.purpose} (${item.legalBasis})`),
    ...facts.recipients.map((item) => `Recipient: ${item}`),
    ...facts.retention.map((item) => `Kept: ${item.what}, ${item.period}`),
    ...facts.transfers.map((item) => `Transfer: ${item}`),
    ...facts.rights.map((item) => `Right: ${item}`),
  ].join('\n');
}

/**
 * The section diff, and before it what the sections leave out: the title and layer-1 summary
 * and the key facts (purposes, recipients, retention…), which live in the front matter.
 */
export function adminDiff(from: NoticeVersion, to: NoticeVersion): NoticeDiff {
  const diff = noticeDiff(from, to);
  const extra: SectionChange[] = [];
  const summary = (document: NoticeDocument) => [document.title, ...document.summary].join('\n');
  if (summary(from.document) !== summary(to.document)) {
    extra.push({
      change: 'changed',
      id: 'layer-1-summary',
      title: 'Title and summary (layer 1)',
      marks: wordDiff(summary(from.document), summary(to.document)),
    });
  }
  if (canonicalJson(from.document.facts) !== canonicalJson(to.document.facts)) {
    extra.push({
      change: 'changed',
      id: 'key-facts',
      title: 'Key facts (who, why, how long, your rights)',
      marks: wordDiff(factsText(from.document), factsText(to.document)),
    });
  }
  return { ...diff, sections: [...extra, ...diff.sections] };
}

type Assessment =
  | { ok: false; errors: { line: number; message: string }[]; warnings: { line: number; message: string }[] }
  | {
      ok: true;
      preview: Extract<PublishPreview, { ok: true }>;
      compiledRevision: string;
      base: NoticeWithSource | null;
    };

/**
 * Compiles a draft and compares it with the newest published version: what would change, and
 * whether what visitors consent to (categories, services, cookies, purposes) is part of it.
 */
async function assessDraft(db: D1Database, site: string, source: string, now: string): Promise<Assessment> {
  const compiled = await compileNotice(source, `${site}.md`);
  if (!compiled.ok) {
    return {
      ok: false,
      errors: compiled.errors.map(({ line, message }) => ({ line, message })),
      warnings: [],
    };
  }
  const warnings = compiled.warnings.map(({ line, message }) => ({ line, message }));
  if (compiled.document.site !== site) {
    const line = source.split(/\r\n|\r|\n/).findIndex((text) => /^site\s*:/.test(text)) + 1;
    return {
      ok: false,
      errors: [{ line: Math.max(line, 1), message: `the notice is for "${compiled.document.site}", not "${site}"` }],
      warnings,
    };
  }
  const base = await findNoticeWithSource(db, site);
  const baseRevision = base ? await cookieRevisionOf(base.document) : null;
  const consentChanged = baseRevision !== compiled.cookieRevision;
  const draft: NoticeVersion = {
    site,
    version: (base?.version ?? 0) + 1,
    hash: compiled.hash,
    cookieRevision: compiled.cookieRevision,
    effectiveAt: now,
    publishedAt: now,
    material: consentChanged,
    document: compiled.document,
  };
  const diff = base ? { ...adminDiff(base, draft), material: consentChanged } : null;
  return {
    ok: true,
    compiledRevision: compiled.cookieRevision,
    base,
    preview: {
      ok: true,
      errors: [],
      warnings,
      document: compiled.document,
      hash: compiled.hash,
      base: base
        ? {
            version: base.version,
            effectiveAt: base.effectiveAt,
            state: base.effectiveAt > (await noticeTimeFor(db, site, now)) ? 'scheduled' : 'current',
          }
        : null,
      consentChanged,
      suggestedMaterial: consentChanged,
      unchanged: base?.hash === compiled.hash,
      diff,
    },
  };
}

/**
 * The revision returning visitors compare with the one they answered. An editorial version
 * keeps its predecessor's, so nobody is asked again; a material one gets a new one even when
 * only the wording changed.
 */
async function revisionToPublish(
  assessment: Extract<Assessment, { ok: true }>,
  material: boolean,
  version: number,
): Promise<string> {
  const { base, compiledRevision, preview } = assessment;
  if (!base) return compiledRevision;
  if (!material) return base.cookieRevision;
  if (preview.consentChanged) return compiledRevision;
  return sha256Hex(`${compiledRevision}\nmaterial wording change\nversion ${version}`);
}

/** Mounted at /v1/admin/sites/:site/notices. */
export const adminNotices = new Hono<AdminEnv>()
  .use(knownSite)
  .get('/', async (c) => {
    const site = c.get('site');
    return c.json({ site: site.id, versions: await listNoticeHistory(c.env.DB, site.id, new Date().toISOString()) });
  })
  .post('/preview', limitBody(512 * 1024), ...validJson(PreviewRequestSchema), async (c) => {
    const site = c.get('site');
    const assessment = await assessDraft(c.env.DB, site.id, c.req.valid('json').source, new Date().toISOString());
    const preview: PublishPreview = assessment.ok
      ? assessment.preview
      : { ok: false, errors: assessment.errors, warnings: assessment.warnings };
    return c.json(preview);
  })
  .post('/', limitBody(512 * 1024), ...validJson(PublishRequestSchema), async (c) => {
    const site = c.get('site');
    const body = c.req.valid('json');
    const now = new Date().toISOString();
    const assessment = await assessDraft(c.env.DB, site.id, body.source, now);
    if (!assessment.ok) {
      fail(
        422,
        'invalid_notice',
        'The notice has errors; nothing was published.',
        assessment.errors.map((error) => ({ path: `${site.id}.md:${error.line}`, message: error.message })),
      );
    }
    const { base, preview } = assessment;
    const latest = base?.version ?? 0;
    const expectedVersion = body.expectedVersion ?? latest;
    const conflict = () =>
      fail(
        409,
        'version_conflict',
        `Version ${expectedVersion + 1} was published by someone else first. Reload and try again.`,
      );
    if (expectedVersion !== latest) conflict();
    if (base && preview.consentChanged && body.material === false) {
      fail(
        422,
        'material_required',
        'The categories, services, cookies or purposes changed, so returning visitors must be asked again: publish it as a material change.',
      );
    }
    const missing = missingItems(preview.document);
    if (missing.length > 0 && body.reason === undefined) {
      fail(
        422,
        'reason_required',
        `The ICO checklist finds ${missing.length} item${missing.length === 1 ? '' : 's'} missing from this notice. Publishing anyway needs a reason (\`reason\`), kept in the audit log; nothing was published.`,
        missing.map((item) => ({ path: `checklist.${item.id}`, message: `${item.label}: ${item.detail}` })),
      );
    }
    const requested = body.effectiveAt ? new Date(body.effectiveAt).toISOString() : now;
    const effectiveAt = requested < now ? now : requested;
    if (base && effectiveAt < base.effectiveAt) {
      fail(
        409,
        'schedule_conflict',
        `Version ${base.version} takes effect at ${base.effectiveAt}. A newer version must take effect at that time or later.`,
      );
    }
    const material = body.material ?? (base ? preview.consentChanged : true);
    const version = expectedVersion + 1;
    const cookieRevision = await revisionToPublish(assessment, material, version);
    const inserted = await insertNotice(c.env.DB, {
      site: site.id,
      expectedVersion,
      hash: preview.hash,
      cookieRevision,
      source: body.source,
      document: preview.document,
      material,
      effectiveAt,
      publishedAt: now,
      publishedBy: c.get('actor'),
    });
    if (inserted === null) conflict();
    await appendAudit(c.env.DB, {
      at: now,
      actor: c.get('actor'),
      site: site.id,
      action: 'notice.publish',
      detail: {
        version,
        hash: preview.hash,
        material,
        effectiveAt,
        ...(base ? { previous: base.version } : {}),
        ...(missing.length > 0 ? { missing: missing.map((item) => item.id) } : {}),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
      },
    });
    return c.json(
      {
        site: site.id,
        version,
        hash: preview.hash,
        cookieRevision,
        material,
        effectiveAt,
        warnings: preview.warnings,
      },
      201,
    );
  })
  .get('/:version', valid('param', NoticeVersionParamSchema, INVALID_VERSION), async (c) => {
    const site = c.get('site');
    return c.json(await requireVersion(c.env.DB, site.id, c.req.valid('param').version));
  })
  .get('/:version/diff/:other', valid('param', NoticeDiffParamSchema, INVALID_VERSION), async (c) => {
    const site = c.get('site');
    const { version, other } = c.req.valid('param');
    const [from, to] = await Promise.all([
      requireVersion(c.env.DB, site.id, version),
      requireVersion(c.env.DB, site.id, other),
    ]);
    return c.json(adminDiff(from, to));
  });

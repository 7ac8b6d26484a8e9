/**
 * What a receipt costs on disk: the local D1 database (SQLite, as D1 is) measured before and
 * after a known number of receipts, in pages as SQLite counts them. Also the logical size of a
 * row, from SQL.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

export function d1File(persistTo: string): string {
  const dir = path.join(persistTo, 'v3/d1/miniflare-D1DatabaseObject');
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => /^[0-9a-f]{64}\.sqlite$/.test(name)) : [];
  if (files.length !== 1) throw new Error(`expected one local D1 database in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]!);
}

/** Main-file header: page size at offset 16 (1 means 65536), size in pages at offset 28. */
function mainFileBytes(file: Buffer): number {
  if (file.byteLength < 100) return 0;
  const pageSize = file.readUInt16BE(16) === 1 ? 65536 : file.readUInt16BE(16);
  return file.readUInt32BE(28) * pageSize;
}

/** SQLite's WAL checksum over 8-byte words, native order given by the magic number. */
function walChecksum(data: Buffer, start: number, end: number, bigEndian: boolean, seed: [number, number]) {
  let [s0, s1] = seed;
  for (let i = start; i < end; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1] as [number, number];
}

/**
 * The database size after the last committed transaction in the write-ahead log, or null if
 * the log holds none. workerd keeps its log beside the file rather than folding it in on close,
 * so the file alone would miss the newest writes. Frames are read as SQLite does: salts must
 * match the header and checksums chain from it.
 */
function walCommittedBytes(wal: Buffer): number | null {
  if (wal.byteLength < 32) return null;
  const magic = wal.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return null;
  const bigEndian = magic === 0x377f0683;
  const pageSize = wal.readUInt32BE(8);
  const salt = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let checksum = walChecksum(wal, 0, 24, bigEndian, [0, 0]);
  if (checksum[0] !== wal.readUInt32BE(24) || checksum[1] !== wal.readUInt32BE(28)) return null;
  let committedPages: number | null = null;
  for (let frame = 32; frame + 24 + pageSize <= wal.byteLength; frame += 24 + pageSize) {
    if (wal.readUInt32BE(frame + 8) !== salt[0] || wal.readUInt32BE(frame + 12) !== salt[1]) break;
    checksum = walChecksum(wal, frame, frame + 8, bigEndian, checksum);
    checksum = walChecksum(wal, frame + 24, frame + 24 + pageSize, bigEndian, checksum);
    if (checksum[0] !== wal.readUInt32BE(frame + 16) || checksum[1] !== wal.readUInt32BE(frame + 20)) break;
    const pagesAfterCommit = wal.readUInt32BE(frame + 4);
    if (pagesAfterCommit > 0) committedPages = pagesAfterCommit;
  }
  return committedPages === null ? null : committedPages * pageSize;
}

/**
 * Bytes of the local D1 database as of its last commit: pages times page size, from the
 * write-ahead log when it holds commits, else from the file's header. Safe while the Worker runs.
 */
export function databaseBytes(persistTo: string): number {
  const file = d1File(persistTo);
  const wal = `${file}-wal`;
  const fromWal = existsSync(wal) ? walCommittedBytes(readFileSync(wal)) : null;
  return fromWal ?? mainFileBytes(readFileSync(file));
}

function query<T>(persistTo: string, sql: string): T {
  const output = execFileSync(
    'node',
    [
      'node_modules/wrangler/bin/wrangler.js',
      'd1',
      'execute',
      'candour',
      '--local',
      '--persist-to',
      persistTo,
      '--json',
      '--command',
      sql,
    ],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const [first] = JSON.parse(output) as { results: T[] }[];
  return first!.results[0]!;
}

const RECEIPT_COLUMNS = [
  'id',
  'site_id',
  'seq',
  'consent_id',
  'idempotency_key',
  'event',
  'method',
  'choices',
  'notice_version',
  'notice_hash',
  'cookie_revision',
  'language',
  'gpc',
  'page',
  'browser',
  'country',
  'decided_at',
  'recorded_at',
  'prev_hash',
  'hash',
  'kid',
  'jws',
];

/** Receipts in the ledger, and the mean bytes of their column values (no indexes, no page overhead). */
export function receiptRows(persistTo: string): { count: number; meanValueBytes: number; meanJwsBytes: number } {
  const sum = RECEIPT_COLUMNS.map((column) => `coalesce(length(CAST(${column} AS BLOB)), 0)`).join(' + ');
  const row = query<{ n: number; bytes: number | null; jws: number | null }>(
    persistTo,
    `SELECT count(*) AS n, avg(${sum}) AS bytes, avg(length(jws)) AS jws FROM receipts`,
  );
  return { count: row.n, meanValueBytes: row.bytes ?? 0, meanJwsBytes: row.jws ?? 0 };
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { workerBase } from './browser.js';
import { harmonySource, noticeVersions, registerSite } from './admin-support.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'candour-publish-'));

/** `npm run publish -- FILE ARGS`, as an admin would type it (without a terminal to confirm in). */
function publish(file: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/publish.ts', file, '--url', workerBase(), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CANDOUR_ADMIN_TOKEN: inject('adminToken'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const REASON = 'The policy lacks these; the DPO is reviewing it.';

describe('npm run publish', () => {
  it('checks, shows the diff, asks for confirmation, then publishes', async () => {
    const site = await registerSite('admin-cli');
    const reworded = harmonySource(site).replace(
      'This document provides information on how',
      'This document explains how',
    );
    const file = write('reworded.md', reworded);

    const checked = publish(file, '--check');
    expect(checked.status).toBe(0);
    expect(checked.out).toContain('Changes since version 1 (in force):');
    expect(checked.out).toContain('~ section Privacy Policy');
    expect(checked.out).toContain('[-provides information on-] [+explains+]');
    expect(checked.out).toContain('Editorial change: nobody is asked again.');

    const unconfirmed = publish(file);
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.out).toContain('run it again with --yes to publish version 2 now');
    expect(await noticeVersions(site)).toHaveLength(1);

    const unexplained = publish(file, '--yes');
    expect(unexplained.status).toBe(1);
    expect(unexplained.out).toContain('The ICO checklist finds');
    expect(unexplained.out).toContain('- Transfers outside the UK and their safeguards');
    expect(unexplained.out).toContain('--reason');
    expect(await noticeVersions(site)).toHaveLength(1);

    const published = publish(file, '--yes', '--reason', REASON);
    expect(published.status).toBe(0);
    expect(published.out).toContain(`Published version 2 of ${site}'s notice, editorial, in force now.`);
    expect((await noticeVersions(site))[0]).toMatchObject({ version: 2, material: false, state: 'current' });

    expect(publish(file, '--yes', '--reason', REASON).out).toContain(
      'Nothing changed since version 2; nothing to publish.',
    );
  });

  it('lists problems with file and line, and publishes nothing', async () => {
    const site = await registerSite('admin-cli-invalid');
    const source = harmonySource(site).replace('This document provides', 'This <em>document</em> provides');
    const line = source.split('\n').findIndex((text) => text.includes('<em>')) + 1;
    const file = write('invalid.md', source);
    const run = publish(file, '--yes');
    expect(run.status).toBe(1);
    expect(run.out).toContain(`${file}:${line}: error: raw HTML is not allowed`);
    expect(run.out).toContain('1 problem; nothing was published.');
    expect(await noticeVersions(site)).toHaveLength(1);
  });

  it('refuses to call a new cookie editorial, and schedules a material change with --at', async () => {
    const site = await registerSite('admin-cli-material');
    const file = write(
      'cookie.md',
      harmonySource(site).replace(
        '    cookies:\n',
        '    cookies:\n      - name: _gid\n        provider: Google\n        purpose: Tells visitors apart for a day.\n        duration: 24 hours\n',
      ),
    );
    const editorial = publish(file, '--yes', '--editorial');
    expect(editorial.status).toBe(1);
    expect(editorial.out).toContain('this is a material change, not an editorial one');

    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = publish(file, '--yes', '--at', at, '--reason', REASON);
    expect(scheduled.status).toBe(0);
    expect(scheduled.out).toContain('+ cookie Google Analytics: _gid');
    expect(scheduled.out).toContain(`material, in force from ${at}`);
    expect((await noticeVersions(site))[0]).toMatchObject({ version: 2, material: true, state: 'scheduled' });
  });
});

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A private WordPress for the tests: Debian's packaged WordPress (`/usr/share/wordpress`) served
 * by Apache with mod_php from a config file of our own on our own port, over a MariaDB of our own
 * (own data directory and socket, no TCP). Nothing of the system's Apache, MariaDB or
 * /etc/wordpress is read or changed; everything lives in one directory under the temp folder.
 */

const WORDPRESS = '/usr/share/wordpress';
const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';
const PHP = '/usr/bin/php';
const ROOT = path.resolve(import.meta.dirname, '../..');

export const PACKAGES = 'wordpress apache2 libapache2-mod-php mariadb-server php-cli';

/** What is missing for a private WordPress, or '' when everything is there. */
export function missingParts(): string {
  const missing = [
    [WORDPRESS, 'wordpress'],
    [APACHE, 'apache2'],
    [MARIADBD, 'mariadb-server'],
    [INSTALL_DB, 'mariadb-server'],
    [PHP, 'php-cli'],
  ]
    .filter(([file]) => !existsSync(file!))
    .map(([, name]) => name);
  if (!phpModule()) missing.push('libapache2-mod-php');
  return [...new Set(missing)].join(', ');
}

function phpModule(): string | undefined {
  if (!existsSync(MODULES)) return undefined;
  const module = readdirSync(MODULES).find((name) => /^libphp[\d.]*\.so$/.test(name));
  return module && path.join(MODULES, module);
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, child: ChildProcess, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}`);
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not start within ${ms / 1000}s`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Runs PHP against the private WordPress in `dir` (`code` without `<?php`), with WordPress loaded
 * and the first admin as the current user unless `code` installs WordPress itself; returns stdout.
 */
export function runPhp(dir: string, port: number, code: string): string {
  const docroot = path.join(dir, 'wordpress');
  const script = path.join(dir, 'run', `php-${Date.now()}-${Math.random().toString(36).slice(2)}.php`);
  const load = code.includes('WP_INSTALLING')
    ? ''
    : `require '${docroot}/wp-load.php';\nrequire_once ABSPATH . 'wp-admin/includes/plugin.php';\nwp_set_current_user( 1 );`;
  writeFileSync(
    script,
    `<?php\n$_SERVER['HTTP_HOST'] = '127.0.0.1:${port}';\n$_SERVER['REQUEST_URI'] = '/';\n${load}\n${code}\n`,
  );
  try {
    return execFileSync(PHP, [script], { cwd: docroot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`PHP failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  } finally {
    rmSync(script, { force: true });
  }
}

export interface WordPress {
  base: string;
  dir: string;
  /** Runs PHP with WordPress loaded (`$code` without `<?php`), as the site's first admin; returns stdout. */
  php(code: string): string;
  close(): Promise<void>;
}

/**
 * Starts MariaDB and Apache, installs WordPress (the default block theme, an admin account
 * `admin` / `password`) and copies in the plugins given (folder name → source folder).
 */
export async function startWordPress(port: number, plugins: Record<string, string>): Promise<WordPress> {
  const dir = path.join(tmpdir(), `candour-wordpress-${port}`);
  rmSync(dir, { recursive: true, force: true });
  const data = path.join(dir, 'db');
  const run = path.join(dir, 'run');
  const docroot = path.join(dir, 'wordpress');
  mkdirSync(run, { recursive: true, mode: 0o755 });
  const asRoot = process.getuid?.() === 0;
  const socket = path.join(run, 'mysqld.sock');
  const started: ChildProcess[] = [];
  try {
    return await install();
  } catch (error) {
    for (const child of started.reverse()) await stop(child);
    throw error;
  }

  async function install(): Promise<WordPress> {
    // MariaDB: a fresh data directory, reachable only through its socket.
    execFileSync(
      INSTALL_DB,
      [
        '--no-defaults',
        `--datadir=${data}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...(asRoot ? ['--user=root'] : []),
      ],
      { stdio: 'ignore' },
    );
    const mariadb = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--socket=${socket}`,
        '--skip-networking',
        `--pid-file=${path.join(run, 'mysqld.pid')}`,
        `--log-error=${path.join(dir, 'mysqld.log')}`,
        '--innodb-buffer-pool-size=32M',
        ...(asRoot ? ['--user=root'] : []),
      ],
      { stdio: 'ignore' },
    );
    started.push(mariadb);
    await waitFor(() => existsSync(socket), 'MariaDB', mariadb);
    execFileSync(
      '/usr/bin/mariadb',
      ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', 'CREATE DATABASE wordpress'],
      {
        stdio: 'ignore',
      },
    );

    // WordPress: a copy of Debian's tree with a wp-config.php of its own (Debian's reads
    // /etc/wordpress), and a wp-content of its own with the default theme and our plugins.
    // Debian links underscore, cropper and getID3 in with relative links: copy what they point to.
    mkdirSync(docroot);
    for (const entry of readdirSync(WORDPRESS)) {
      if (entry === 'wp-config.php' || entry === 'wp-content' || entry === '.htaccess') continue;
      cpSync(path.join(WORDPRESS, entry), path.join(docroot, entry), { recursive: true, dereference: true });
    }
    const content = path.join(docroot, 'wp-content');
    mkdirSync(path.join(content, 'plugins'), { recursive: true });
    mkdirSync(path.join(content, 'themes'), { recursive: true });
    for (const theme of readdirSync(path.join(WORDPRESS, 'wp-content/themes')))
      symlinkSync(path.join(WORDPRESS, 'wp-content/themes', theme), path.join(content, 'themes', theme));
    for (const [name, source] of Object.entries(plugins))
      cpSync(path.resolve(ROOT, source), path.join(content, 'plugins', name), { recursive: true });
    const base = `http://127.0.0.1:${port}`;
    writeFileSync(
      path.join(docroot, 'wp-config.php'),
      `<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:${socket}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_HOME', '${base}' );
define( 'WP_SITEURL', '${base}' );
define( 'WP_CONTENT_DIR', __DIR__ . '/wp-content' );
define( 'WP_CONTENT_URL', '${base}/wp-content' );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '' );
define( 'FS_METHOD', 'direct' );
${['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE']
  .flatMap((name) => [`${name}_KEY`, `${name}_SALT`])
  .map((name) => `define( '${name}', '${name.toLowerCase()}-${port}-test-only' );`)
  .join('\n')}
$table_prefix = 'wp_';
if ( ! defined( 'ABSPATH' ) ) {
  define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`,
    );

    const conf = path.join(dir, 'apache.conf');
    writeFileSync(
      conf,
      `ServerRoot ${dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${path.join(run, 'apache.pid')}
DefaultRuntimeDir ${run}
Mutex file:${run}
ErrorLog ${path.join(dir, 'apache-error.log')}
LogLevel warn
LoadModule mpm_prefork_module ${MODULES}/mod_mpm_prefork.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule mime_module ${MODULES}/mod_mime.so
LoadModule dir_module ${MODULES}/mod_dir.so
LoadModule php_module ${phpModule()}
${asRoot ? 'User www-data\nGroup www-data' : ''}
StartServers 2
MinSpareServers 1
MaxSpareServers 4
MaxRequestWorkers 8
TypesConfig /etc/mime.types
DocumentRoot ${docroot}
DirectoryIndex index.php
<Directory />
  Require all denied
  AllowOverride None
</Directory>
<Directory ${docroot}>
  Require all granted
</Directory>
<Directory ${WORDPRESS}>
  Require all granted
</Directory>
<FilesMatch "\\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
`,
    );
    const apache = spawn(APACHE, ['-f', conf, '-DFOREGROUND'], {
      stdio: 'ignore',
      env: { ...process.env, LANG: 'C' },
      // Its own process group: prefork Apache signals its whole group when it stops.
      detached: true,
    });
    started.push(apache);
    await waitFor(async () => (await fetch(`${base}/wp-login.php`)).status < 600, 'Apache', apache);

    const php = (code: string) => runPhp(dir, port, code);

    php(`define( 'WP_INSTALLING', true );
require '${docroot}/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install( 'Riverside Clinic', 'admin', 'admin@example.org', false, '', 'password' );
echo is_wp_error( $result ) ? 'failed' : 'installed';`);

    return {
      base,
      dir,
      php,
      async close() {
        await stop(apache);
        await stop(mariadb);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

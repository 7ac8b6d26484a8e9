import { html } from 'hono/html';
import { page } from './layout.js';

/** The admin page's own files (vite build --mode admin), served from ASSETS by admin-page.ts. */
const ADMIN_SCRIPT = '/admin/assets/admin.js';
const ADMIN_STYLES = '/admin/assets/admin.css';

const adminHead = html`<link rel="stylesheet" href="${ADMIN_STYLES}" />`;

/** Sign-in with an admin token. The form carries a CSRF token that matches a SameSite=Strict cookie. */
export function renderSignIn(options: { csrf: string; error?: string }) {
  return page(
    'Sign in – Candour admin',
    html`<main class="narrow admin-sign-in">
      <h1>Candour admin</h1>
      <p class="lead">Sign in to change your privacy notice and cookie list, and to look at consent records.</p>
      ${
        options.error
          ? html`<div class="admin-alert" role="alert">
              <h2>You are not signed in</h2>
              <p>${options.error}</p>
            </div>`
          : ''
      }
      <form method="post" action="/admin/sign-in">
        <input type="hidden" name="csrf" value="${options.csrf}" />
        <p>
          <label for="token">Admin token</label>
          <span class="admin-hint" id="token-hint"
            >Running locally? It is <code>CANDOUR_ADMIN_TOKEN</code> in the file <code>.dev.vars</code>.</span
          >
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="current-password"
            required
            minlength="16"
            maxlength="200"
            aria-describedby="token-hint"
          />
        </p>
        <p><button type="submit">Sign in</button></p>
      </form>
    </main>`,
    { head: adminHead },
  );
}

/** Access is configured but this request carries no valid assertion. */
export function renderAccessRefused() {
  return page(
    'Not signed in – Candour admin',
    html`<main class="narrow">
      <h1>Candour admin</h1>
      <div class="admin-alert" role="alert">
        <h2>You are not signed in</h2>
        <p>This admin page is protected by Cloudflare Access. Open it through your organisation’s Access sign-in.</p>
      </div>
    </main>`,
    { head: adminHead },
  );
}

/**
 * The signed-in shell: the header with who is signed in and a sign-out form, and the admin
 * application (admin/main.ts), which reads the CSRF token from its meta element.
 */
export function renderAdminShell(options: {
  actor: string;
  site: string | null;
  csrf: string;
  via: 'token' | 'session' | 'access';
}) {
  return page(
    'Candour admin',
    html`<a class="skip-link" href="#main">Skip to main content</a>
      <header class="admin-header">
        <p class="admin-brand">Candour admin</p>
        <p class="admin-who">
          Signed in as
          <strong>${options.actor}</strong>${options.site ? html` for <strong>${options.site}</strong>` : ''}
        </p>
        ${
          options.via === 'access'
            ? html`<a class="button secondary" href="/cdn-cgi/access/logout">Sign out</a>`
            : html`<form method="post" action="/admin/sign-out">
                <input type="hidden" name="csrf" value="${options.csrf}" />
                <button type="submit" class="secondary">Sign out</button>
              </form>`
        }
      </header>
      <main id="main" class="admin-main">
        <candour-admin-app data-site-scope="${options.site ?? ''}">
          <p>Loading the admin page…</p>
          <noscript>The admin page needs JavaScript.</noscript>
        </candour-admin-app>
      </main>`,
    {
      head: html`<meta name="candour-csrf" content="${options.csrf}" />
        ${adminHead}
        <script type="module" src="${ADMIN_SCRIPT}"></script>`,
    },
  );
}

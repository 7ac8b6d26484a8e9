import { html } from 'hono/html';
import type { ReceiptResponse } from '../../contract/api.js';
import { page } from './layout.js';

const EVENT_WORDS: Record<string, string> = {
  given: 'You gave consent',
  refused: 'You refused consent',
  updated: 'You changed your choices',
  withdrawn: 'You withdrew consent',
  expired: 'Your consent expired',
};

const METHOD_WORDS: Record<string, string> = {
  'accept-all': 'Accept all',
  'reject-all': 'Reject all',
  preferences: 'Saved preferences',
  gpc: 'Global Privacy Control signal',
  api: 'The site, on your instruction',
};

/** A visitor's readable receipt: what they chose, when, under which notice, and how to check it. */
export function renderReceiptPage({ receipt, jws }: ReceiptResponse, origin: string) {
  const when = new Date(receipt.decidedAt).toLocaleString('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  });
  return page(
    'Your consent receipt',
    html`<main class="narrow">
      <h1>Your consent receipt</h1>
      <p class="lead">
        ${EVENT_WORDS[receipt.event] ?? receipt.event} on ${when} (UK time), using
        “${METHOD_WORDS[receipt.method] ?? receipt.method}”.
      </p>
      <h2>What you chose</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Cookies</th>
            <th scope="col">Your choice</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Strictly necessary</th>
            <td>Always on</td>
          </tr>
          ${Object.entries(receipt.choices).map(
            ([category, granted]) =>
              html`<tr>
                <th scope="row">${category[0]!.toUpperCase()}${category.slice(1)}</th>
                <td>${granted ? 'Allowed' : 'Not allowed'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${receipt.gpc ? html`<p>Your browser sent a Global Privacy Control signal with this decision.</p>` : ''}
      <h2>The notice you saw</h2>
      <p>
        <a href="${origin}/v1/sites/${receipt.site}/notices/${receipt.noticeVersion}"
          >Privacy notice version ${receipt.noticeVersion}</a
        >
        of ${receipt.site}, content hash <code>${receipt.noticeHash}</code>.
      </p>
      <h2>Receipt details</h2>
      <dl>
        <dt>Receipt id</dt>
        <dd><code>${receipt.receiptId}</code></dd>
        <dt>Consent id</dt>
        <dd><code>${receipt.consentId}</code> (a random number, not linked to your name)</dd>
        <dt>Ledger position</dt>
        <dd>Entry ${receipt.seq} of this site’s ledger</dd>
        <dt>Recorded</dt>
        <dd>${receipt.recordedAt}</dd>
      </dl>
      <h2>Check it yourself</h2>
      <p>
        This receipt is signed. Download it, then check the signature against the public keys at
        <a href="${origin}/.well-known/jwks.json">${origin}/.well-known/jwks.json</a>, for example with
        <code>npm run verify-receipt -- receipt.json</code> from Candour’s source.
      </p>
      <p>
        <a class="button" href="?format=json&amp;download" download="candour-receipt-${receipt.receiptId}.json"
          >Download this receipt (JSON)</a
        >
      </p>
      <details>
        <summary>Signed token (JWS)</summary>
        <pre class="wrap">${jws}</pre>
      </details>
    </main>`,
  );
}

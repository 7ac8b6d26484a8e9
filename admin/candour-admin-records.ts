import { html, nothing, type PropertyValues } from 'lit';
import type { ConsentReceipt } from '../contract/api.js';
import { OPTIONAL_CATEGORIES, type OptionalCategory } from '../contract/categories.js';
import { CONSENT_EVENTS } from '../contract/consent.js';
import type { LedgerCheck } from '../contract/ledger.js';
import { adminApi, adminDownload, messageOf, when } from './api.js';
import type { DailyRates } from '../contract/admin.js';
import { renderConsentChart } from './consent-chart.js';
import { LightElement } from './light-element.js';

interface Filter {
  from: string;
  to: string;
  event: string;
  category: string;
  choice: string;
}

const EVENT_WORDS: Record<string, string> = {
  given: 'Gave consent',
  refused: 'Refused',
  updated: 'Changed choices',
  withdrawn: 'Withdrew consent',
  expired: 'Expired',
};

const CATEGORY_WORDS: Record<OptionalCategory, string> = {
  functional: 'Functional',
  analytics: 'Analytics',
  marketing: 'Marketing',
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function monthStart(): string {
  return `${today().slice(0, 7)}-01`;
}

/**
 * `<candour-admin-records>`: a site's consent receipts, filtered by date, event and category,
 * exported as CSV or Kantara JSON, the consent rate per category as a chart, and the ledger check.
 */
export class CandourAdminRecords extends LightElement {
  static override properties = {
    site: { type: String },
    filter: { state: true },
    receipts: { state: true },
    next: { state: true },
    rates: { state: true },
    ledger: { state: true },
    checking: { state: true },
    exporting: { state: true },
    loading: { state: true },
    problem: { state: true },
  };

  site = '';
  filter: Filter = { from: monthStart(), to: today(), event: '', category: '', choice: 'granted' };
  receipts: ConsentReceipt[] = [];
  next: number | null = null;
  rates: { categories: OptionalCategory[]; days: DailyRates[] } | null = null;
  ledger: LedgerCheck | null = null;
  checking = false;
  exporting = false;
  loading = false;
  problem = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') && this.site) {
      this.ledger = null;
      void this.load();
    }
  }

  #query(extra: Record<string, string> = {}): string {
    const params = new URLSearchParams();
    const { from, to, event, category, choice } = this.filter;
    if (from) params.set('from', from);
    if (to) params.set('to', to);
    if (event) params.set('event', event);
    if (category) {
      params.set('category', category);
      params.set('choice', choice);
    }
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    return params.toString();
  }

  async load(more = false): Promise<void> {
    this.problem = '';
    this.loading = true;
    try {
      const page = await adminApi<{ receipts: ConsentReceipt[]; next: number | null }>(
        `/sites/${this.site}/receipts?${this.#query({ limit: '50', ...(more && this.next ? { before: String(this.next) } : {}) })}`,
      );
      this.receipts = more ? [...this.receipts, ...page.receipts] : page.receipts;
      this.next = page.next;
      if (!more) {
        const rateQuery = new URLSearchParams({
          from: this.filter.from || monthStart(),
          to: this.filter.to || today(),
        });
        this.rates = await adminApi(`/sites/${this.site}/receipts/rates?${rateQuery.toString()}`);
      }
    } catch (error) {
      this.problem = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  /** The form as a filter; the export links follow it as it changes. */
  #read(form: HTMLFormElement): void {
    const data = new FormData(form);
    const get = (name: string) => String(data.get(name) ?? '');
    this.filter = {
      from: get('from'),
      to: get('to'),
      event: get('event'),
      category: get('category'),
      choice: get('choice') || 'granted',
    };
  }

  #apply(event: SubmitEvent): void {
    event.preventDefault();
    this.#read(event.target as HTMLFormElement);
    void this.load();
  }

  async #export(format: 'csv' | 'kantara'): Promise<void> {
    this.problem = '';
    this.exporting = true;
    try {
      await adminDownload(`/sites/${encodeURIComponent(this.site)}/receipts/export?${this.#query({ format })}`);
    } catch (error) {
      this.problem = messageOf(error);
    } finally {
      this.exporting = false;
    }
  }

  async #exportLedger(): Promise<void> {
    this.problem = '';
    this.exporting = true;
    try {
      await adminDownload(`/sites/${encodeURIComponent(this.site)}/ledger/export`);
    } catch (error) {
      this.problem = messageOf(error);
    } finally {
      this.exporting = false;
    }
  }

  async #verify(): Promise<void> {
    this.checking = true;
    this.ledger = null;
    try {
      this.ledger = await adminApi<LedgerCheck>(`/sites/${this.site}/ledger/verify`, { method: 'POST', body: {} });
    } catch (error) {
      this.problem = messageOf(error);
    } finally {
      this.checking = false;
    }
  }

  override render() {
    if (!this.site) return nothing;
    return html`<h2>Consent records</h2>
      ${this.problem ? html`<div class="admin-alert" role="alert"><p>${this.problem}</p></div>` : nothing}
      <form
        class="filters"
        aria-label="Filter consent records"
        @submit=${this.#apply}
        @change=${(event: Event) => this.#read(event.currentTarget as HTMLFormElement)}
      >
        <p>
          <label for="records-from">From</label>
          <input id="records-from" name="from" type="date" .value=${this.filter.from} />
        </p>
        <p>
          <label for="records-to">To (inclusive)</label>
          <input id="records-to" name="to" type="date" .value=${this.filter.to} />
        </p>
        <p>
          <label for="records-event">Event</label>
          <select id="records-event" name="event">
            <option value="">Any event</option>
            ${CONSENT_EVENTS.map(
              (event) =>
                html`<option value=${event} ?selected=${this.filter.event === event}>${EVENT_WORDS[event]}</option>`,
            )}
          </select>
        </p>
        <p>
          <label for="records-category">Category</label>
          <select id="records-category" name="category">
            <option value="">Any category</option>
            ${OPTIONAL_CATEGORIES.map(
              (category) =>
                html`<option value=${category} ?selected=${this.filter.category === category}>
                  ${CATEGORY_WORDS[category]}
                </option>`,
            )}
          </select>
        </p>
        <p>
          <label for="records-choice">Answer for that category</label>
          <select id="records-choice" name="choice">
            <option value="granted" ?selected=${this.filter.choice === 'granted'}>Allowed</option>
            <option value="refused" ?selected=${this.filter.choice === 'refused'}>Not allowed</option>
          </select>
        </p>
        <p><button type="submit">Show records</button></p>
      </form>
      <p class="exports">
        <button type="button" class="secondary" ?disabled=${this.exporting} @click=${() => this.#export('csv')}>
          Export as CSV
        </button>
        <button type="button" class="secondary" ?disabled=${this.exporting} @click=${() => this.#export('kantara')}>
          Export as Kantara JSON
        </button>
        <span class="admin-hint">Exports include every record that matches the filter above, however many.</span>
      </p>
      <section aria-labelledby="rates-heading">
        <h3 id="rates-heading">Consent rate per category</h3>
        ${this.rates ? renderConsentChart(this.rates.days, this.rates.categories) : nothing}
      </section>
      <section aria-labelledby="receipts-heading">
        <h3 id="receipts-heading">Receipts</h3>
        <p aria-live="polite" class="admin-hint">
          ${this.loading ? 'Loading…' : `${this.receipts.length}${this.next ? '+' : ''} matching receipts shown.`}
        </p>
        ${this.receipts.length ? this.#renderTable() : nothing}
        ${
          this.next
            ? html`<button type="button" class="secondary" @click=${() => this.load(true)}>Show more</button>`
            : nothing
        }
      </section>
      <section aria-labelledby="ledger-heading">
        <h3 id="ledger-heading">Ledger</h3>
        <p>
          Every receipt is signed and chained to the one before by its hash. Checking walks the whole chain, checks
          every signature and names the first entry that does not match. The download is the signed ledger for an
          auditor to check on their own machine (<code>npm run verify -- --export FILE --jwks FILE</code>), and the
          ledger head (<a href="/v1/sites/${this.site}/ledger/head">signed, public</a>) is worth keeping now and then:
          with it, a ledger cut short later is caught.
        </p>
        <p class="exports">
          <button type="button" class="secondary" ?disabled=${this.checking} @click=${this.#verify}>
            Verify the ledger
          </button>
          <button type="button" class="secondary" ?disabled=${this.exporting} @click=${this.#exportLedger}>
            Download the signed ledger
          </button>
        </p>
        <div role="status" class="ledger-result">
          ${this.checking ? html`<p>Checking…</p>` : nothing}
          ${
            this.ledger
              ? this.ledger.ok
                ? html`<p class="ok">
                    The ledger verifies: ${this.ledger.checked} receipts checked
                    ${
                      this.ledger.from.checkpoint
                        ? `from the signed retention checkpoint at entry ${this.ledger.from.seq}`
                        : 'from the first entry'
                    },
                    no entry changed or missing.
                  </p>`
                : html`<p class="fails">
                    The ledger is broken at entry ${this.ledger.brokenSeq}: ${this.ledger.reason}.
                    ${this.ledger.checked} entries before it verify.
                  </p>`
              : nothing
          }
        </div>
      </section>`;
  }

  #renderTable() {
    return html`<div class="table-scroll">
      <table class="receipts">
        <thead>
          <tr>
            <th scope="col">Recorded</th>
            <th scope="col">Event</th>
            ${OPTIONAL_CATEGORIES.map((category) => html`<th scope="col">${CATEGORY_WORDS[category]}</th>`)}
            <th scope="col">Notice</th>
            <th scope="col">Page</th>
            <th scope="col">Receipt</th>
          </tr>
        </thead>
        <tbody>
          ${this.receipts.map(
            (receipt) =>
              html`<tr>
                <td>${when(receipt.recordedAt)}</td>
                <td>${EVENT_WORDS[receipt.event] ?? receipt.event}${receipt.gpc ? ' (GPC)' : ''}</td>
                ${OPTIONAL_CATEGORIES.map(
                  (category) => html`<td>${receipt.choices[category] ? 'Allowed' : 'Not allowed'}</td>`,
                )}
                <td>v${receipt.noticeVersion}</td>
                <td class="page">${receipt.page ?? '—'}</td>
                <td>
                  <a href="/v1/receipts/${receipt.receiptId}"
                    >#${receipt.seq}<span class="visually-hidden"> receipt ${receipt.receiptId}</span></a
                  >
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

if (!customElements.get('candour-admin-records')) customElements.define('candour-admin-records', CandourAdminRecords);

declare global {
  interface HTMLElementTagNameMap {
    'candour-admin-records': CandourAdminRecords;
  }
}

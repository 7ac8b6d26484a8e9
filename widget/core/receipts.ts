import type { ReceiptRequest, ReceiptResponse } from '../../contract/api.js';
import { decidedAtProblem } from '../../contract/receipt-rules.js';

const QUEUE_KEY = 'candour_receipt_queue';
const LATEST_KEY = 'candour_latest_receipt';

export interface Pending {
  site: string;
  request: ReceiptRequest;
}

/** Whether a post is done with: recorded, or refused for good (false: try again later). */
type Settled = boolean;

function readQueue(): Pending[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as Pending[]) : [];
  } catch {
    return [];
  }
}

/** Whether receipts wait unsent (the first script then loads the rest of Candour to send them). */
export function hasQueuedReceipts(): boolean {
  try {
    return localStorage.getItem(QUEUE_KEY) !== null;
  } catch {
    return false;
  }
}

function writeQueue(queue: Pending[]): void {
  try {
    if (queue.length === 0) localStorage.removeItem(QUEUE_KEY);
    else localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
  } catch {
    // Storage full or blocked: the decision itself is in the cookie; only the proof waits.
  }
}

/**
 * Posts consent receipts to the Worker. A receipt that cannot be delivered waits in
 * localStorage and is sent again on the next page load, when the browser comes back online,
 * and as a keep-alive request when the page is hidden; its idempotency key makes the Worker
 * store it once however often it arrives.
 */
export class ReceiptClient {
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly base: string,
    private readonly onRecorded: (response: ReceiptResponse) => void,
    private readonly onRejected: (code: string, message: string) => void,
  ) {}

  listen(): void {
    addEventListener('online', () => void this.flush());
    addEventListener('pagehide', () => this.#beacon());
  }

  /**
   * Puts a decision's receipt in the queue (localStorage), synchronously: from here on a reload or
   * a closed tab cannot lose it. `deliver` posts it; the two are apart so that a decision's gated
   * scripts can run before the post is made.
   */
  keep(site: string, request: ReceiptRequest): Pending {
    const pending = { site, request };
    writeQueue([...readQueue(), pending]);
    return pending;
  }

  /** Posts a receipt `keep` queued; it leaves the queue once the Worker has answered for good. */
  async deliver(pending: Pending): Promise<void> {
    if (await this.#post(pending)) this.#remove(pending.request.idempotencyKey);
  }

  /** Sends whatever is waiting, oldest first. */
  flush(): Promise<void> {
    this.#flushing ??= (async () => {
      for (const pending of readQueue()) {
        if (!(await this.#post(pending))) break; // still unreachable: the rest wait too
        this.#remove(pending.request.idempotencyKey);
      }
    })().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  latest(site: string): { receiptId: string; url: string } | null {
    try {
      const latest = JSON.parse(localStorage.getItem(LATEST_KEY) ?? 'null') as {
        site: string;
        receiptId: string;
        url: string;
      } | null;
      if (latest?.site !== site || typeof latest.receiptId !== 'string') return null;
      // localStorage is the page's too: the link is rebuilt from our own base, never taken as stored.
      return { receiptId: latest.receiptId, url: `${this.base}/v1/receipts/${encodeURIComponent(latest.receiptId)}` };
    } catch {
      return null;
    }
  }

  async #post({ site, request }: Pending): Promise<Settled> {
    // A decision kept offline past the Worker's window would only be refused: drop it unsent.
    if (request.decidedAt !== undefined && decidedAtProblem(request.decidedAt, Date.now()) !== null) {
      const code = 'decided_at_out_of_range';
      const message = 'The consent receipt waited offline too long to be recorded.';
      this.onRejected(code, message);
      return true;
    }
    let response: Response;
    try {
      response = await fetch(`${this.base}/v1/sites/${encodeURIComponent(site)}/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
        credentials: 'omit',
      });
    } catch {
      return false;
    }
    if (response.ok) {
      const body = (await response.json()) as ReceiptResponse;
      try {
        localStorage.setItem(
          LATEST_KEY,
          JSON.stringify({ site, receiptId: body.receiptId, url: `${this.base}/v1/receipts/${body.receiptId}` }),
        );
      } catch {
        // Showing the latest receipt is a convenience; the ledger has it.
      }
      this.onRecorded(body);
      return true;
    }
    // Busy or broken on our side: try again later. Anything else will never succeed as sent.
    if (response.status === 429 || response.status >= 500) return false;
    const error = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const code = error?.error?.code ?? `http_${response.status}`;
    const message = error?.error?.message ?? 'The consent receipt was refused.';
    this.onRejected(code, message);
    return true;
  }

  #remove(key: string): void {
    writeQueue(readQueue().filter((pending) => pending.request.idempotencyKey !== key));
  }

  /** Last chance as the page goes away; the queue keeps the receipt until a confirmed delivery. */
  #beacon(): void {
    for (const { site, request } of readQueue()) {
      if (request.decidedAt !== undefined && decidedAtProblem(request.decidedAt, Date.now()) !== null) continue;
      try {
        void fetch(`${this.base}/v1/sites/${encodeURIComponent(site)}/receipts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
          credentials: 'omit',
          keepalive: true,
        }).catch(() => undefined);
      } catch {
        // keepalive quota exceeded: the next page load sends it.
      }
    }
  }
}

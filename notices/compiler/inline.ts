import type { Inline } from '../../contract/notice.js';

const ALLOWED_SCHEMES = new Set(['https', 'http', 'mailto', 'tel']);
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!|<>~]/;

/** Why a link target may not be used, or `null` when it is an absolute https, http, mailto or tel URL. */
export function linkProblem(href: string): string | null {
  if (href === '') return 'a link needs an address: [text](https://example.org)';
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(href))
    return `link address "${href}" must not contain spaces or control characters`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return `link address "${href}" must be a full address starting with https://, http://, mailto: or tel:`;
  }
  if (!ALLOWED_SCHEMES.has(scheme)) return `link scheme not allowed: "${scheme}:" (use https, http, mailto or tel)`;
  if (scheme === 'http' || scheme === 'https') {
    let host = '';
    try {
      host = new URL(href).hostname;
    } catch {
      host = '';
    }
    if (!/^\/\//.test(href.slice(scheme.length + 1)) || host === '') return `"${href}" is not a valid web address`;
  } else if (href.length === scheme.length + 1) {
    return `link address "${href}" is empty after "${scheme}:"`;
  }
  return null;
}

/** Index of the `close` delimiter that ends a span opened just before `from`, or -1. */
function findClose(text: string, from: number, close: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(close, i) && i > from && !/\s/.test(text[i - 1]!)) {
      // A single `*` must not be half of a `**`.
      if (close === '*' && (text[i + 1] === '*' || text[i - 1] === '*')) continue;
      return i;
    }
  }
  return -1;
}

/**
 * `[text](url)` starting at `start`: the text, the url and the index after `)`, or null. The text
 * may not contain brackets and the url stops at whitespace or a bracket, so that every scan ends
 * where the next one could begin and a whole paragraph is parsed in linear time.
 */
function matchLink(text: string, start: number): { label: string; href: string; end: number } | null {
  let i = start + 1;
  for (; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '[') return null;
    else if (char === ']') break;
  }
  if (i >= text.length || text[i + 1] !== '(') return null;
  const label = text.slice(start + 1, i);
  let parens = 0;
  for (let j = i + 2; j < text.length; j++) {
    const char = text[j]!;
    if (/[\s[\]]/.test(char)) return null;
    if (char === '(') parens++;
    else if (char === ')') {
      if (parens === 0) return { label, href: text.slice(i + 2, j), end: j + 1 };
      parens--;
    }
  }
  return null;
}

/**
 * Parses `**strong**`, `*em*`, `[text](url)` and backslash escapes into inline parts. Anything
 * else, unmatched markers included, stays literal text. Links whose address is not allowed are
 * reported and kept as their text only, so nothing unsafe reaches the output.
 */
export function parseInline(text: string, report: (message: string) => void): Inline[] {
  const parts: Inline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer !== '') parts.push({ type: 'text', text: buffer });
    buffer = '';
  };
  // Once a delimiter has no closer after some point it has none after any later point either.
  const unclosed = new Set<string>();
  const closeOf = (from: number, close: string) => {
    if (unclosed.has(close)) return -1;
    const found = findClose(text, from, close);
    if (found < 0) unclosed.add(close);
    return found;
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    const next = text[i + 1];
    if (char === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      buffer += next;
      i += 2;
      continue;
    }
    if (char === '*' && next === '*' && text[i + 2] !== undefined && !/\s/.test(text[i + 2]!)) {
      const close = closeOf(i + 2, '**');
      if (close > 0) {
        flush();
        parts.push({ type: 'strong', text: flatten(text.slice(i + 2, close), report) });
        i = close + 2;
        continue;
      }
    }
    if (char === '*' && next !== undefined && next !== '*' && !/\s/.test(next)) {
      const close = closeOf(i + 1, '*');
      if (close > 0) {
        flush();
        parts.push({ type: 'em', text: flatten(text.slice(i + 1, close), report) });
        i = close + 1;
        continue;
      }
    }
    if (char === '[') {
      const link = matchLink(text, i);
      if (link) {
        flush();
        const label = flatten(link.label, report);
        const problem = linkProblem(link.href);
        if (problem) {
          report(problem);
          parts.push({ type: 'text', text: label });
        } else {
          parts.push({ type: 'link', href: link.href, text: label === '' ? displayHref(link.href) : label });
        }
        i = link.end;
        continue;
      }
    }
    buffer += char;
    i++;
  }
  flush();
  return mergeText(parts);
}

/** Inline markup reduced to its words: for headings, table heads and captions, which are plain strings. */
export function flatten(text: string, report: (message: string) => void): string {
  return inlineText(parseInline(text, report));
}

function displayHref(href: string): string {
  return href.replace(/^(mailto|tel):/i, '');
}

/** The words of inline parts, a link followed by its address when the text does not show it. */
export function inlineText(parts: readonly Inline[]): string {
  return parts
    .map((part) => {
      if (part.type !== 'link') return part.text;
      const shown = displayHref(part.href);
      return part.text === part.href || part.text === shown ? part.text : `${part.text} (${shown})`;
    })
    .join('');
}

function mergeText(parts: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.type === 'text' && last?.type === 'text') last.text += part.text;
    else merged.push(part);
  }
  return merged;
}

import type { Nodes, PhrasingContent } from 'mdast';
import type { Inline } from '../../contract/notice.js';
import { containsRawHtml, RAW_HTML_MESSAGE } from './diagnostics.js';

const FRONT_MATTER_SCHEMES = new Set(['https', 'http', 'mailto', 'tel']);

/**
 * Why a front-matter address (a contact's or a service's `url`) may not be used, or `null` when
 * it is an absolute https, http, mailto or tel URL. Body links are stricter: see `bodyLinkProblem`.
 */
export function linkProblem(href: string): string | null {
  if (href === '') return 'a link needs an address: [text](https://example.org)';
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(href))
    return `link address "${href}" must not contain spaces or control characters`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return `link address "${href}" must be a full address starting with https://, http://, mailto: or tel:`;
  }
  if (!FRONT_MATTER_SCHEMES.has(scheme))
    return `link scheme not allowed: "${scheme}:" (use https, http, mailto or tel)`;
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

export const ANCHOR_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Why a link in the notice text may not be used, or `null`. The text allows https, mailto and tel
 * addresses and `#id` of a section or sub-heading: a visitor reading about their health data
 * should never be sent over plain http, and nothing else (javascript:, data:, relative paths)
 * has a place in a notice.
 */
export function bodyLinkProblem(href: string): string | null {
  if (href === '') return 'a link needs an address: [text](https://example.org)';
  if (href.startsWith('#')) {
    return ANCHOR_PATTERN.test(href.slice(1))
      ? null
      : `link "${href}" must name a section or heading id: lowercase letters, digits and hyphens`;
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
  if (scheme === 'http') return `link "${href}" is not encrypted: write https:// instead of http://`;
  if (scheme !== undefined && !FRONT_MATTER_SCHEMES.has(scheme)) {
    return `link scheme not allowed: "${scheme}:" (use https:, mailto:, tel: or #section-id)`;
  }
  const problem = linkProblem(href);
  if (problem !== null && scheme === undefined) {
    return `link address "${href}" must be a full address starting with https://, mailto: or tel:, or #id of a section`;
  }
  return problem;
}

/** Where inline problems go, and the in-notice links to check once every id is known. */
export interface InlineContext {
  error(node: Nodes, message: string): void;
  anchorLinks: { id: string; node: Nodes }[];
}

export const IMAGE_MESSAGE =
  'images are not allowed: a notice carries no images; describe it in words, or link to it with [text](https://…)';
export const FOOTNOTE_MESSAGE =
  'footnotes are not supported: put the note in the sentence, or in a list at the end of the section';
const FOOTNOTE_MARK = /\[\^[^\]\s]+\]/;
export const REFERENCE_MESSAGE =
  'reference links ([text][label] and "[label]: address" lines) are not supported: write the address in the link, [text](https://…)';

/** Line endings inside a paragraph are soft: the words run on, as a reader sees them. */
function softText(value: string): string {
  return value.replace(/[ \t]*\r?\n[ \t]*/g, ' ');
}

/**
 * mdast phrasing content to safe inline parts. Default-deny: a construct not named here is
 * reported and dropped, so nothing unknown reaches a renderer.
 */
export function phrasing(nodes: readonly PhrasingContent[], context: InlineContext): Inline[] {
  const parts: Inline[] = [];
  const checked = (node: Nodes, text: string): string => {
    // Character references decode to text, so `&lt;b&gt;` must not slip markup into a string.
    if (containsRawHtml(text)) context.error(node, RAW_HTML_MESSAGE);
    return text;
  };
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        // Without the footnote extension `[^1]` stays literal text: refuse it rather than show it.
        if (FOOTNOTE_MARK.test(node.value)) context.error(node, FOOTNOTE_MESSAGE);
        parts.push({ type: 'text', text: checked(node, softText(node.value)) });
        break;
      case 'strong':
        parts.push({ type: 'strong', text: inlineText(phrasing(node.children, context)) });
        break;
      case 'emphasis':
        parts.push({ type: 'em', text: inlineText(phrasing(node.children, context)) });
        break;
      case 'inlineCode':
        parts.push({ type: 'code', text: checked(node, node.value) });
        break;
      case 'break':
        parts.push({ type: 'break' });
        break;
      case 'link': {
        const label = inlineText(phrasing(node.children, context));
        const problem = bodyLinkProblem(node.url);
        if (problem) {
          context.error(node, problem);
          parts.push({ type: 'text', text: label });
          break;
        }
        if (node.url.startsWith('#')) context.anchorLinks.push({ id: node.url.slice(1), node });
        parts.push({ type: 'link', href: node.url, text: label === '' ? displayHref(node.url) : label });
        break;
      }
      case 'html':
        context.error(node, RAW_HTML_MESSAGE);
        break;
      case 'image':
      case 'imageReference':
        context.error(node, IMAGE_MESSAGE);
        break;
      case 'linkReference':
        context.error(node, node.identifier.startsWith('^') ? FOOTNOTE_MESSAGE : REFERENCE_MESSAGE);
        parts.push({ type: 'text', text: inlineText(phrasing(node.children, context)) });
        break;
      default:
        context.error(node, `${node.type} is not supported in a notice: write plain text or Markdown`);
    }
  }
  return mergeText(parts);
}

/** Inline markup reduced to its words: for headings, table heads and captions, which are plain strings. */
export function flatten(nodes: readonly PhrasingContent[], context: InlineContext): string {
  return inlineText(phrasing(nodes, context)).trim();
}

function displayHref(href: string): string {
  return href.replace(/^(mailto|tel):/i, '');
}

/** The words of inline parts, a link followed by its address when the text does not show it. */
export function inlineText(parts: readonly Inline[]): string {
  return parts
    .map((part) => {
      if (part.type === 'break') return ' ';
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
    else if (part.type !== 'text' || part.text !== '') merged.push(part);
  }
  return merged;
}

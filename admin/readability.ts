import { flesch } from 'flesch';
import { html, nothing, type TemplateResult } from 'lit';
import { syllable } from 'syllable';

/**
 * Plain language, measured: the Flesch reading ease of a summary line (wooorm's `flesch`, with
 * `syllable` counting syllables). 60 and above reads as plain English; under 50 is hard going
 * for many readers, and the editor points those lines out.
 */
export const PLAIN_ENGLISH = 60;
export const HARD = 50;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;

export function readingEase(text: string): number | null {
  const words = text.match(WORD) ?? [];
  if (words.length === 0) return null;
  const sentences = Math.max(1, text.split(/[.!?;]+(?:\s|$)/).filter((part) => HAS_WORD.test(part)).length);
  const syllables = words.reduce((sum, word) => sum + Math.max(1, syllable(word)), 0);
  return Math.round(flesch({ sentence: sentences, word: words.length, syllable: syllables }));
}

export function easeWords(score: number): string {
  if (score >= 70) return 'easy to read';
  if (score >= PLAIN_ENGLISH) return 'plain English';
  if (score >= HARD) return 'fairly hard';
  return 'hard to read';
}

export interface ScoredLine {
  /** Where the line is: a form field path, e.g. `summary.2` or `sections.4.summary`. */
  field: string;
  label: string;
  text: string;
  score: number;
}

/** The lines under HARD, hardest first. */
export function hardestLines(lines: readonly Omit<ScoredLine, 'score'>[], limit = 5): ScoredLine[] {
  return lines
    .map((line) => ({ ...line, score: readingEase(line.text) }))
    .filter((line): line is ScoredLine => line.score !== null && line.score < HARD)
    .sort((a, b) => a.score - b.score)
    .slice(0, limit);
}

export function readabilityNote(text: string): TemplateResult | typeof nothing {
  const score = readingEase(text);
  if (score === null) return nothing;
  return html`<span class=${score < HARD ? 'readability hard' : 'readability'}
    >Reading ease ${score}: ${easeWords(score)}${score < HARD ? ' (shorter sentences and words help)' : ''}</span
  >`;
}

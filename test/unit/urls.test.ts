/** Addresses from settings and markup, parsed the way the browser would before it follows them. */
import { describe, expect, it } from 'vitest';
import { httpUrl, safeLink } from '../../widget/core/urls.js';

const HOSTILE = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  '\u0001javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:https://clinic.example/0b0c',
  'VBScript:msgbox(1)',
  'file:///etc/passwd',
];

describe('held-back iframe addresses', () => {
  it('are http(s), absolute or relative to the page', () => {
    expect(httpUrl('https://maps.example/embed?x=1')?.href).toBe('https://maps.example/embed?x=1');
    expect(httpUrl('/map', 'https://clinic.example/contact')?.href).toBe('https://clinic.example/map');
    expect(httpUrl('//maps.example/e', 'https://clinic.example/')?.href).toBe('https://maps.example/e');
  });

  it('are never another scheme, however it is spelt', () => {
    for (const value of HOSTILE) expect(httpUrl(value, 'https://clinic.example/'), JSON.stringify(value)).toBeNull();
  });
});

describe('links from settings', () => {
  it('are https, or http only on this machine', () => {
    expect(safeLink('https://clinic.example/privacy')).toBe('https://clinic.example/privacy');
    for (const local of ['http://127.0.0.1:8787/p', 'http://localhost/p', 'http://[::1]:3000/p'])
      expect(safeLink(local)).toBe(local);
    expect(safeLink('http://clinic.example/privacy')).toBeNull();
    expect(safeLink('http://127.0.0.1.evil.example/')).toBeNull();
  });

  it('are never javascript: and the like, nor empty', () => {
    for (const value of [...HOSTILE, '', undefined, '/privacy', 'not a url'])
      expect(safeLink(value), JSON.stringify(value)).toBeNull();
  });
});

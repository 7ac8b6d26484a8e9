/**
 * Shared look. Sites theme through inherited `--candour-*` tokens; `--_candour-*` are private
 * values resolved once here. Colours default to pairs with at least 7:1 contrast.
 */
export const TOKENS_CSS = `
  :host {
    --_candour-font: var(--candour-font, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif);
    --_candour-text: var(--candour-text, #0b0c0c);
    --_candour-muted: var(--candour-muted, #484949);
    --_candour-surface: var(--candour-surface, #ffffff);
    --_candour-subtle: var(--candour-subtle, #f3f2f1);
    --_candour-accent: var(--candour-accent, #1d4f91);
    --_candour-on-accent: var(--candour-on-accent, #ffffff);
    --_candour-focus: var(--candour-focus, #ffdd00);
    --_candour-border: var(--candour-border, #6f777b);
    --_candour-radius: var(--candour-radius, 6px);
    --_candour-link: var(--candour-link, #1d4f91);
    font-family: var(--_candour-font);
    color: var(--_candour-text);
    font-size: 1rem;
    line-height: 1.5;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  a {
    color: var(--_candour-link);
    text-underline-offset: 0.15em;
  }
  a:focus-visible,
  button:focus-visible,
  summary:focus-visible,
  input:focus-visible + .switch,
  [tabindex]:focus-visible {
    outline: 3px solid var(--_candour-text);
    outline-offset: 0;
    box-shadow: 0 0 0 6px var(--_candour-focus);
  }
  .button {
    font: inherit;
    font-weight: 600;
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1rem;
    border: 2px solid var(--_candour-accent);
    border-radius: var(--_candour-radius);
    background: var(--_candour-accent);
    color: var(--_candour-on-accent);
    cursor: pointer;
  }
  .button:hover {
    text-decoration: underline;
  }
  .link-button {
    font: inherit;
    background: none;
    border: none;
    padding: 0.25rem 0;
    min-height: 24px;
    color: var(--_candour-link);
    text-decoration: underline;
    cursor: pointer;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    .button {
      border-color: ButtonText;
    }
    a:focus-visible,
    button:focus-visible {
      outline: 3px solid Highlight;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;

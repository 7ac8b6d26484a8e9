/** The four consent categories of the CONTRACT, in the order the banner shows them. */
export const CATEGORIES = ['necessary', 'functional', 'analytics', 'marketing'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories a visitor can choose; `necessary` is always on and never a choice. */
export const OPTIONAL_CATEGORIES = ['functional', 'analytics', 'marketing'] as const;
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];

export type Choices = Record<OptionalCategory, boolean>;

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

export function isOptionalCategory(value: unknown): value is OptionalCategory {
  return typeof value === 'string' && (OPTIONAL_CATEGORIES as readonly string[]).includes(value);
}

/** Every optional category refused: the state before any decision, and after Reject all. */
export function refuseAll(): Choices {
  return { functional: false, analytics: false, marketing: false };
}

/** Grants every category that a site uses, and nothing it does not. */
export function grantUsed(used: readonly Category[]): Choices {
  return {
    functional: used.includes('functional'),
    analytics: used.includes('analytics'),
    marketing: used.includes('marketing'),
  };
}

export * from './categories.js';
export * from './consent.js';
export * from './consent-mode.js';
export * from './site.js';
export * from './notice.js';
export * from './api.js';
export * from './canonical.js';
export * from './admin.js';

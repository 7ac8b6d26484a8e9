import type { Published, PublishChoice } from './candour-admin-publish.js';

/**
 * The admin page's own events, one class each, fired only for what an admin did or what the
 * Worker answered (never because a property was set). They bubble up to `<candour-admin-app>`
 * or the notice page; the app's elements render into light DOM, so none needs `composed`.
 */

/** `candour-admin-publish-choice`: the admin changed a choice in the publish step. */
export class PublishChoiceEvent extends CustomEvent<PublishChoice> {
  constructor(detail: PublishChoice) {
    super('candour-admin-publish-choice', { detail, bubbles: true });
  }
}

/** `candour-admin-published`: the Worker stored the version the admin confirmed. */
export class PublishedEvent extends CustomEvent<Published> {
  constructor(detail: Published) {
    super('candour-admin-published', { detail, bubbles: true });
  }
}

/** `candour-admin-open-notice`: go to the notice page, with a message to show there. */
export class OpenNoticeEvent extends CustomEvent<{ message: string }> {
  constructor(message: string) {
    super('candour-admin-open-notice', { detail: { message }, bubbles: true });
  }
}

/** `candour-admin-settings-saved`: the Worker saved a site's settings (its name may have changed). */
export class SettingsSavedEvent extends Event {
  constructor() {
    super('candour-admin-settings-saved', { bubbles: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'candour-admin-publish-choice': PublishChoiceEvent;
    'candour-admin-published': PublishedEvent;
    'candour-admin-open-notice': OpenNoticeEvent;
    'candour-admin-settings-saved': SettingsSavedEvent;
  }
}

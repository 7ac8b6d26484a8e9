/**
 * The words of "What changed since you last chose", in English and Welsh: loaded with the list
 * itself, only when a notice change asks a returning visitor again.
 */
export const CHANGES_STRINGS = {
  en: {
    whatChanged: 'What changed since you last chose',
    changedSection: 'Section “{title}”: {change}',
    added: 'added',
    removed: 'removed',
    changed: 'reworded',
    cookieAdded: 'New cookie: {name}',
    cookieRemoved: 'Cookie no longer used: {name}',
    cookieChanged: 'Cookie details changed: {name}',
  },
  cy: {
    whatChanged: 'Beth sydd wedi newid ers i chi ddewis ddiwethaf',
    changedSection: 'Adran “{title}”: {change}',
    added: 'ychwanegwyd',
    removed: 'dilëwyd',
    changed: 'ailysgrifennwyd',
    cookieAdded: 'Cwci newydd: {name}',
    cookieRemoved: 'Cwci nad yw’n cael ei ddefnyddio mwyach: {name}',
    cookieChanged: 'Manylion cwci wedi newid: {name}',
  },
};

export type ChangesKey = keyof typeof CHANGES_STRINGS.en;

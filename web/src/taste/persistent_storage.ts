// Ratings live in IndexedDB, which a browser may clear under storage pressure unless the site's storage
// is persistent. The site asks once, when the visitor first rates, and About says what the browser decided.

export type Persistence = 'persistent' | 'best-effort' | 'unsupported';

interface PersistenceApi {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
}

function api(): PersistenceApi | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator.storage as PersistenceApi | undefined);
}

let asked: Promise<Persistence> | null = null;

/** The browser's answer to `call` (persist or persisted) as a state; a refusal or failure is best effort. */
async function answer(call: 'persist' | 'persisted'): Promise<Persistence> {
  const storage = api();
  const method = storage?.[call];
  if (storage === undefined || method === undefined) return 'unsupported';
  try {
    return (await method.call(storage)) ? 'persistent' : 'best-effort';
  } catch {
    return 'best-effort';
  }
}

/** Asks for persistent storage (once per page); resolves to what the browser granted. */
export function requestPersistence(): Promise<Persistence> {
  asked ??= answer('persist');
  return asked;
}

/** What the browser grants now, without asking. */
export function currentPersistence(): Promise<Persistence> {
  return answer('persisted');
}

/** The About tab's line about the ratings' safety. */
export function persistenceLine(state: Persistence, ratings: number): string {
  if (ratings === 0) return 'Your ratings: none yet. When you rate a first movie, the site asks the browser to keep them safe.';
  switch (state) {
    case 'persistent':
      return 'Your ratings: stored persistently. The browser keeps them until you delete them.';
    case 'best-effort':
      return 'Your ratings: stored, but the browser did not grant persistent storage, so it may clear them when the device runs low on space. Export them on My taste to keep a copy.';
    case 'unsupported':
      return 'Your ratings: stored; this browser cannot promise to keep them under storage pressure. Export them on My taste to keep a copy.';
  }
}

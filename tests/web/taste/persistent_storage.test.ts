// The ratings' safety: the site asks for persistent storage once and says in plain words what it got.
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function freshModule() {
  return import('../../../web/src/taste/persistent_storage');
}

describe('persistent storage', () => {
  it('asks the browser once per page and reports its answer', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persist, persisted: async () => true } });
    const { requestPersistence } = await freshModule();
    expect(await requestPersistence()).toBe('persistent');
    expect(await requestPersistence()).toBe('persistent');
    expect(persist).toHaveBeenCalledTimes(1);
  });

  it('reads a refusal and a missing API as such', async () => {
    vi.stubGlobal('navigator', { storage: { persist: async () => false, persisted: async () => false } });
    let module = await freshModule();
    expect(await module.requestPersistence()).toBe('best-effort');
    expect(await module.currentPersistence()).toBe('best-effort');
    vi.resetModules();
    vi.stubGlobal('navigator', {});
    module = await freshModule();
    expect(await module.requestPersistence()).toBe('unsupported');
    expect(await module.currentPersistence()).toBe('unsupported');
  });

  it('says what each state means for the ratings', async () => {
    const { persistenceLine } = await freshModule();
    expect(persistenceLine('persistent', 0)).toMatch(/none yet/);
    expect(persistenceLine('persistent', 3)).toMatch(/keeps them until you delete them/);
    expect(persistenceLine('best-effort', 3)).toMatch(/may clear them .* Export them/);
    expect(persistenceLine('unsupported', 3)).toMatch(/cannot promise/);
  });
});

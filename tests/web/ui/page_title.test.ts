// The browser tab names the tab and its query; the skip link has a target on every tab.
import { describe, expect, it } from 'vitest';
import { pageTitle, SEARCH_BOX_OF } from '../../../web/src/ui/page_title';
import { TAB_NAMES } from '../../../web/src/ui/route';

describe('pageTitle', () => {
  it('names the tab and, when there is one, the query', () => {
    expect(pageTitle({ tab: 'similar', title: '', k: 10 })).toBe('Similar movies · movierec');
    expect(pageTitle({ tab: 'similar', title: "A Bug's Life (1998)", k: 10 })).toBe("Similar to A Bug's Life (1998) · movierec");
    expect(pageTitle({ tab: 'user', id: '', k: 10 })).toBe('For a MovieLens user · movierec');
    expect(pageTitle({ tab: 'user', id: '42', k: 10 })).toBe('For MovieLens user 42 · movierec');
    expect(pageTitle({ tab: 'describe', text: '  a heist\ninside dreams ', k: 10 })).toBe('“a heist inside dreams” · Describe a movie · movierec');
    expect(pageTitle({ tab: 'taste' })).toBe('My taste · movierec');
    expect(pageTitle({ tab: 'about' })).toBe('About · movierec');
  });

  it('keeps a long query short', () => {
    const title = pageTitle({ tab: 'describe', text: 'word '.repeat(100), k: 10 });
    expect(title.length).toBeLessThan(100);
    expect(title).toMatch(/…” · Describe a movie · movierec$/);
  });

  it('has a skip-link target for every tab', () => {
    for (const tab of TAB_NAMES) expect(SEARCH_BOX_OF[tab]).toMatch(/^[a-z-]+$/);
  });
});

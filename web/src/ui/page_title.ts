// What the browser tab, history and bookmarks call the page: the tab and the query on it.
import type { Route, TabName } from './route';

const SITE = 'movierec';
const MAX_QUERY_CHARACTERS = 60;

function shortened(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= MAX_QUERY_CHARACTERS ? clean : `${clean.slice(0, MAX_QUERY_CHARACTERS - 1).trimEnd()}…`;
}

export function pageTitle(route: Route): string {
  switch (route.tab) {
    case 'similar':
      return route.title.trim() === '' ? `Similar movies · ${SITE}` : `Similar to ${shortened(route.title)} · ${SITE}`;
    case 'user':
      return route.id === '' ? `For a MovieLens user · ${SITE}` : `For MovieLens user ${shortened(route.id)} · ${SITE}`;
    case 'describe':
      return route.text.trim() === '' ? `Describe a movie · ${SITE}` : `“${shortened(route.text)}” · Describe a movie · ${SITE}`;
    case 'taste':
      return `My taste · ${SITE}`;
    case 'about':
      return `About · ${SITE}`;
  }
}

/** The element the skip link moves focus to on each tab: its search box (About has none: its text). */
export const SEARCH_BOX_OF: Readonly<Record<TabName, string>> = {
  similar: 'similar-title',
  user: 'user-id',
  describe: 'describe-text',
  taste: 'taste-title',
  about: 'panel-about',
};

// An ARIA tablist: one tab selected at a time, arrow keys / Home / End move between tabs
// (and select them, since showing a panel is cheap), Enter and Space are a button's own.
import type { TabName } from './route';

export class TabList {
  private readonly tabs: HTMLElement[];

  constructor(
    tablist: HTMLElement,
    private readonly onSelect: (name: TabName) => void,
  ) {
    this.tabs = Array.from(tablist.querySelectorAll<HTMLElement>('[role="tab"]'));
    for (const tab of this.tabs) {
      tab.addEventListener('click', () => this.userSelect(tab));
    }
    tablist.addEventListener('keydown', (event) => {
      const current = this.tabs.indexOf(event.target as HTMLElement);
      if (current < 0) return;
      let next: number;
      switch (event.key) {
        case 'ArrowRight':
          next = (current + 1) % this.tabs.length;
          break;
        case 'ArrowLeft':
          next = (current - 1 + this.tabs.length) % this.tabs.length;
          break;
        case 'Home':
          next = 0;
          break;
        case 'End':
          next = this.tabs.length - 1;
          break;
        default:
          return;
      }
      event.preventDefault();
      const tab = this.tabs[next]!;
      tab.focus();
      this.userSelect(tab);
    });
  }

  private userSelect(tab: HTMLElement): void {
    const name = tab.dataset['tab'] as TabName;
    if (this.selected() !== name) {
      this.show(name);
      this.onSelect(name);
    }
  }

  selected(): TabName {
    const tab = this.tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? this.tabs[0]!;
    return tab.dataset['tab'] as TabName;
  }

  /** Shows `name`'s panel without telling onSelect (used when the URL already says so). */
  show(name: TabName): void {
    for (const tab of this.tabs) {
      const selected = tab.dataset['tab'] === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel !== null) panel.hidden = !selected;
    }
  }
}

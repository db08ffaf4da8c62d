// The "Content ↔ Audience" slider in the filter bar, on the Similar, MovieLens user and My taste tabs:
// it shows the tab's tuned share until the visitor moves it, then their choice on all three. It appears
// once the engine reports a collaborative block; on the free-text tab a note takes its place, since a
// description is matched by content.
import {
  type AudienceShareSetting,
  type BlendTab,
  blendVisibility,
  describeAudienceShare,
  isBlendTab,
  roundShare,
} from './audience_share';
import { required } from './element';

export class BlendControl {
  private readonly root = required('blend', HTMLElement);
  private readonly slider = required('blend-share', HTMLInputElement);
  private readonly readout = required('blend-value', HTMLElement);
  private readonly note = required('blend-content-only', HTMLElement);
  private available = false;
  /** Until the engine has started it is not known whether the build has a collaborative block. */
  private known = false;
  private tab: BlendTab = 'similar';
  private visibleTab = '';

  constructor(private readonly setting: AudienceShareSetting) {
    // Every move updates the words at once; the query waits for the setting's debounce.
    this.slider.addEventListener('input', () => {
      this.setting.choose(roundShare(Number(this.slider.value)));
      this.showValue();
    });
    required('filter-reset', HTMLButtonElement).addEventListener('click', () => {
      this.setting.reset();
      this.showValue();
    });
    this.showValue();
  }

  /** The engine has a collaborative block; `defaults` are the build's tuned shares per tab. */
  enable(defaults: Record<BlendTab, number>): void {
    this.available = true;
    this.known = true;
    this.setting.setDefaults(defaults);
    this.showValue();
    this.update();
  }

  /** The build is content-only: no blend anywhere. */
  disable(): void {
    this.known = true;
    this.update();
  }

  /** The visible tab changed. */
  showFor(tab: string): void {
    this.visibleTab = tab;
    if (isBlendTab(tab)) this.tab = tab;
    this.showValue();
    this.update();
  }

  private update(): void {
    // While the build is unknown, a blend tab keeps the slider's room (invisible), so the page does not
    // jump when it appears.
    const pending = !this.known && isBlendTab(this.visibleTab);
    this.root.toggleAttribute('data-pending', pending);
    const shown = blendVisibility(this.available, this.visibleTab);
    this.root.hidden = shown !== 'slider' && !pending;
    this.note.hidden = shown !== 'content-only-note';
  }

  private showValue(): void {
    const share = this.setting.value(this.tab);
    const words = describeAudienceShare(share);
    this.slider.value = String(share);
    // Screen readers announce the words rather than "0.35".
    this.slider.setAttribute('aria-valuetext', words);
    this.readout.textContent = words;
  }
}

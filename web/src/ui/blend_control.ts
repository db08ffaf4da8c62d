// The "Content ↔ Audience" slider in the filter bar: one audience share for the Similar, MovieLens
// user and My taste tabs. It appears once the engine reports a collaborative block; on the free-text
// tab a note takes its place, since a description is matched by content only.
import { type AudienceShareSetting, blendVisibility, describeAudienceShare, roundShare } from './audience_share';
import { required } from './element';

export class BlendControl {
  private readonly root = required('blend', HTMLElement);
  private readonly slider = required('blend-share', HTMLInputElement);
  private readonly readout = required('blend-value', HTMLElement);
  private readonly note = required('blend-content-only', HTMLElement);
  private available = false;
  private tab = '';

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

  /** The engine has a collaborative block; `defaultShare` is the build's tuned blend. */
  enable(defaultShare: number): void {
    this.available = true;
    this.setting.setDefault(defaultShare);
    this.showValue();
    this.update();
  }

  /** The visible tab changed. */
  showFor(tab: string): void {
    this.tab = tab;
    this.update();
  }

  private update(): void {
    const shown = blendVisibility(this.available, this.tab);
    this.root.hidden = shown !== 'slider';
    this.note.hidden = shown !== 'content-only-note';
  }

  private showValue(): void {
    const share = this.setting.value();
    const words = describeAudienceShare(share);
    this.slider.value = String(share);
    // Screen readers announce the words rather than "0.35".
    this.slider.setAttribute('aria-valuetext', words);
    this.readout.textContent = words;
  }
}

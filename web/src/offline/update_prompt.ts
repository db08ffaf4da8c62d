// "Reload to update": shown once a new deployment has finished installing next to the running
// version. Until the visitor presses it, this page keeps running the version it started with.
import { required } from '../ui/element';

export class UpdatePrompt {
  private readonly banner = required('update-banner', HTMLElement);
  private readonly button = required('update-reload', HTMLButtonElement);

  constructor(onReload: () => void) {
    this.button.addEventListener('click', () => {
      this.button.disabled = true;
      this.button.textContent = 'Updating…';
      onReload();
    });
  }

  show(): void {
    this.banner.hidden = false;
  }
}

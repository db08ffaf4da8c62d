// The one line under each query form: a spinner while the worker computes, or an inline message.
import { element } from '../ui/element';

export class PanelStatus {
  constructor(private readonly node: HTMLElement) {}

  busy(text: string): void {
    this.node.className = 'status busy';
    this.node.replaceChildren(element('span', { className: 'spinner', attributes: { 'aria-hidden': 'true' } }), text);
  }

  error(text: string): void {
    this.node.className = 'status error';
    // Engine messages start in lower case ("user 9999 is not…"); on the page they open a sentence.
    const sentence = text.charAt(0).toUpperCase() + text.slice(1);
    this.node.replaceChildren(element('span', { className: 'status-icon', text: '!', attributes: { 'aria-hidden': 'true' } }), sentence);
  }

  info(text: string): void {
    this.node.className = 'status info';
    this.node.replaceChildren(text);
  }

  clear(): void {
    this.node.className = 'status';
    this.node.replaceChildren();
  }
}

/**
 * What the item editor (itemEditor.ts) lends the field builders that live in their own files
 * (imageField.ts, answerNotesField.ts): unique ids, registering a field under the JSON Pointer
 * it edits (so the server's validation details appear beside it), and re-rendering.
 */
export interface FieldKit {
  idPrefix: string;
  uid(name: string): string;
  /** Registers `focus` as the field for `path`; returns its error line (put it above the input). */
  register(path: string, focus: HTMLElement): HTMLElement;
  /** An error line for a whole group, itself the focus target. */
  registerGroup(path: string): HTMLElement;
  /** After every change (typing included): live validation and the preview. */
  changed(): void;
  /** After a structural change: re-renders the form and focuses the element with `focusId`. */
  rebuild(focusId?: string): void;
}

/**
 * Screen-reader announcements through the polite live region that the page ships with (a live
 * region must exist before its text changes, or some screen readers say nothing).
 */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  // Clearing first makes a repeated identical message be spoken again.
  region.textContent = '';
  window.setTimeout(() => { region.textContent = message; }, 50);
}

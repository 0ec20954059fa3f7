/**
 * Display settings a pupil or teacher chooses (font size, colour scheme), kept in localStorage so
 * they survive reloads, applied as data attributes on <html> that the stylesheet reads (no inline
 * styles, so a strict Content-Security-Policy still works).
 */
export const FONT_SIZES = ['normal', 'large', 'larger', 'largest'] as const;
export const COLOUR_SCHEMES = ['system', 'light', 'dark', 'cream', 'high-contrast'] as const;
export type FontSize = typeof FONT_SIZES[number];
export type ColourScheme = typeof COLOUR_SCHEMES[number];

export interface DisplaySettings { fontSize: FontSize; colourScheme: ColourScheme }

export const DEFAULT_SETTINGS: DisplaySettings = { fontSize: 'normal', colourScheme: 'system' };

const STORAGE_KEY = 'waymark.display';

export const FONT_SIZE_LABELS: Record<FontSize, string> = {
  normal: 'Normal', large: 'Large', larger: 'Larger', largest: 'Largest',
};
export const COLOUR_SCHEME_LABELS: Record<ColourScheme, string> = {
  system: 'Same as my device', light: 'Light', dark: 'Dark', cream: 'Cream background',
  'high-contrast': 'High contrast',
};

/** Reads stored settings, ignoring anything unknown (an old or hand-edited value). */
export function parseSettings(stored: string | null): DisplaySettings {
  if (!stored) return { ...DEFAULT_SETTINGS };
  try {
    const raw = JSON.parse(stored) as Partial<Record<keyof DisplaySettings, unknown>>;
    const fontSize = FONT_SIZES.find((size) => size === raw.fontSize) ?? DEFAULT_SETTINGS.fontSize;
    const colourScheme = COLOUR_SCHEMES.find((scheme) => scheme === raw.colourScheme) ?? DEFAULT_SETTINGS.colourScheme;
    return { fontSize, colourScheme };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function loadSettings(storage: Storage): DisplaySettings {
  try {
    return parseSettings(storage.getItem(STORAGE_KEY));
  } catch {
    return { ...DEFAULT_SETTINGS }; // storage blocked (private mode, policy)
  }
}

export function saveSettings(storage: Storage, settings: DisplaySettings): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Storage full or blocked: the setting still applies for this page.
  }
}

export function applySettings(root: HTMLElement, settings: DisplaySettings): void {
  root.dataset.fontSize = settings.fontSize;
  root.dataset.colourScheme = settings.colourScheme;
}

import { el } from './element';
import {
  COLOUR_SCHEMES, COLOUR_SCHEME_LABELS, FONT_SIZES, FONT_SIZE_LABELS, applySettings, loadSettings,
  saveSettings, type DisplaySettings,
} from './settings';
import { announce } from './announce';

/**
 * The "Display settings" disclosure: a native <details> (keyboard and screen-reader support for
 * free) with two radio groups. Changes apply at once and are remembered on this device.
 */
export function mountSettingsPanel(container: HTMLElement): void {
  const root = document.documentElement;
  let settings: DisplaySettings = loadSettings(window.localStorage);
  applySettings(root, settings);

  const update = (change: Partial<DisplaySettings>, spoken: string): void => {
    settings = { ...settings, ...change };
    applySettings(root, settings);
    saveSettings(window.localStorage, settings);
    announce(spoken);
  };

  const group = <T extends string>(
    name: string, legend: string, values: readonly T[], labels: Record<T, string>, current: T,
    onChoose: (value: T) => void,
  ): HTMLFieldSetElement => el('fieldset', { class: 'settings-group' },
    el('legend', {}, legend),
    ...values.map((value) => el('label', { class: 'choice' },
      el('input', {
        type: 'radio', name, value, checked: value === current,
        onchange: () => onChoose(value),
      }),
      el('span', {}, labels[value]),
    )),
  );

  const panel = el('details', { class: 'settings' },
    el('summary', {}, 'Display settings'),
    el('div', { class: 'settings-body' },
      group('font-size', 'Text size', FONT_SIZES, FONT_SIZE_LABELS, settings.fontSize,
        (fontSize) => update({ fontSize }, `Text size ${FONT_SIZE_LABELS[fontSize]}`)),
      group('colour-scheme', 'Colours', COLOUR_SCHEMES, COLOUR_SCHEME_LABELS, settings.colourScheme,
        (colourScheme) => update({ colourScheme }, `Colours: ${COLOUR_SCHEME_LABELS[colourScheme]}`)),
    ),
  );
  // An open panel covers part of the page on wide screens: Escape closes it, back on its button.
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && panel.open) {
      panel.open = false;
      panel.querySelector('summary')?.focus();
    }
  });
  container.appendChild(panel);
}
